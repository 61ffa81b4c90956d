// The forms a secret takes when a program prints it in a different spelling: one RegExp that finds all of them.
// A command that echoes its stdin re-encodes it: `printf %q` (bash: a backslash before each special character,
// `$'…'` with \n-style escapes for control characters), POSIX single quotes (`'` as '\'' or '"'"'), JSON strings
// (\" \\ \/ \n \u00XX), URL encoding (%XX in either case, + for a space), base64 (std and url-safe). Per character
// every spelling is accepted, so mixed forms match too; base64 is matched at the three offsets a value can start at
// inside a longer stream (3 bytes per 4 characters: only the characters that depend on the secret alone are
// matched, the one or two at each end that share bits with the neighbours are left).
const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A hex digit in either case, as a character class when it is a letter. */
const hexRe = (h: string): string => (/[a-f]/i.test(h) ? `[${h.toLowerCase()}${h.toUpperCase()}]` : h);
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0').split('').map(hexRe).join('');

const CONTROL: Record<string, string> = { '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f', '\u000b': 'v', '\u001b': 'e', '\u0007': 'a' };

/** Every spelling of one character (a code point). */
function spellings(ch: string): string[] {
  const out = new Set<string>([reEscape(ch), `\\\\${reEscape(ch)}`]);
  // JSON / $'…': \n, \t, …; \uXXXX for any code unit; \xXX and \NNN (octal) for one byte
  const c = CONTROL[ch];
  if (c !== undefined) out.add(`\\\\${c}`);
  const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i));
  out.add(units.map((u) => `\\\\u${hex(u, 4)}`).join(''));
  const bytes = [...Buffer.from(ch, 'utf8')];
  out.add(bytes.map((b) => `\\\\x${hex(b, 2)}`).join(''));
  out.add(bytes.map((b) => `\\\\${b.toString(8).padStart(3, '0')}`).join(''));
  // URL encoding: every byte may be %XX; a space may be +
  out.add(bytes.map((b) => `%${hex(b, 2)}`).join(''));
  if (ch === ' ') out.add('\\+');
  // a single quote inside POSIX single quotes
  if (ch === "'") { out.add(`'\\\\''`); out.add(`'"'"'`); }
  return [...out];
}

/** The base64 characters that only `value`'s bytes determine, for a value starting at byte offset 0, 1 and 2. */
export function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out = new Set<string>();
  for (const k of [0, 1, 2]) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const core = enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (core.length === 0) continue;
    out.add(core);
    out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...out];
}

/** One RegExp (global) matching `value` in any of the forms above. */
export function secretPattern(value: string): RegExp {
  const chars = [...value].map((ch) => {
    const s = spellings(ch);
    return s.length === 1 ? s[0]! : `(?:${s.join('|')})`;
  });
  const cores = base64Cores(value).sort((a, b) => b.length - a.length).map(reEscape);
  return new RegExp([chars.join(''), ...cores].join('|'), 'g');
}
