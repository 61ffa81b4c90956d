// Perl regular expressions of the schema as JavaScript ones. PVE::JSONSchema::check_prop matches a `pattern` as
// `$value =~ m/^$pattern$/` (pve-common src/PVE/JSONSchema.pm, check_prop): anchored by plain concatenation, so an
// alternation at the top level binds to the anchors as in Perl (`^a|b$`). Differences handled here:
// - `(?^:...)` / `(?^i:...)` (a stringified qr//, flags reset, optionally case-insensitive): JS has no inline
//   flags, so letters inside an `i` group are expanded to both cases;
// - `{,n}` means {0,n} in Perl >= 5.34 (PVE 9 runs 5.40) but is a literal in JS;
// - `$` also matches before a final newline in Perl (no /m): `(?=\n?$)`;
// - `\A`, `\z`, `\Z`.
// Not emulated: Unicode semantics of `\w` / `\d` for non-ASCII input (JS matches ASCII only: stricter).

const cache = new Map<string, RegExp>();

function bothCases(ch: string): string {
  const lo = ch.toLowerCase();
  const up = ch.toUpperCase();
  return lo === up ? ch : `${lo}${up}`;
}

/** A character class body (between `[` and `]`) with letters and letter ranges in both cases. */
function foldClass(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') { out += body.slice(i, i + 2); i++; continue; }
    const next = body[i + 1];
    const end = body[i + 2];
    if (next === '-' && end !== undefined && end !== ']' && /[a-z]/i.test(c) && /[a-z]/i.test(end)) {
      out += `${c.toLowerCase()}-${end.toLowerCase()}${c.toUpperCase()}-${end.toUpperCase()}`;
      i += 2;
      continue;
    }
    out += /[a-z]/i.test(c) ? bothCases(c) : c;
  }
  return out;
}

/** The JS source of a Perl pattern (not anchored). */
export function perlToJs(src: string): string {
  let out = '';
  const fold: boolean[] = [false];
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    const ci = fold[fold.length - 1] ?? false;
    if (c === '\\') {
      const e = src[i + 1] ?? '';
      i++;
      if (e === 'A') out += '^';
      else if (e === 'z') out += '$';
      else if (e === 'Z') out += '(?=\\n?$)';
      else out += `\\${e}`;
      continue;
    }
    if (c === '[') {
      // a class: copy up to its closing bracket (a `]` first in the class is literal)
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      const body = src.slice(i + 1, j);
      out += `[${ci ? foldClass(body) : body}]`;
      i = j;
      continue;
    }
    if (c === '(') {
      const m = /^\(\?\^([a-z]*):/.exec(src.slice(i));
      if (m) {
        fold.push((m[1] ?? '').includes('i'));
        out += '(?:';
        i += m[0].length - 1;
        continue;
      }
      fold.push(ci);
      out += c;
      continue;
    }
    if (c === ')') { if (fold.length > 1) fold.pop(); out += c; continue; }
    if (c === '{' && src[i + 1] === ',') { out += '{0'; continue; }
    if (c === '$') { out += '(?=\\n?$)'; continue; }
    out += ci && /[a-z]/i.test(c) ? `[${bothCases(c)}]` : c;
  }
  return out;
}

/** `m/^$pattern$/` of check_prop as a RegExp (cached). */
export function anchoredPattern(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^${perlToJs(pattern)}(?=\\n?$)`);
    cache.set(pattern, re);
  }
  return re;
}
