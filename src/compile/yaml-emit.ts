// A block-style YAML emitter for JSON values (plans are JSON data), linear in the size of the document: the yaml
// library's stringify builds a node tree first and took 9 of the 20 s of `plan LetsGo` for 5 000 guests.
// Round-trip safe by construction: a string is written plain only when it cannot read back as anything else
// (a letter, `_`, `/`, `./` or `../` first, no spaces or YAML indicators, not a YAML 1.1/1.2 keyword); every other string is
// written double-quoted with JSON's escapes, which YAML's double-quoted style accepts (YAML 1.2 §5.7), plus \u
// escapes for the characters YAML does not allow unescaped (DEL, C1 controls, lone surrogates, U+FFFE/U+FFFF).
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const PLAIN = /^(?:[A-Za-z_/]|\.[A-Za-z_./])[A-Za-z0-9_./@+=,-]*(?::[A-Za-z0-9_./@+=,-]+)*$/;
const KEYWORD = /^(?:true|false|null|yes|no|on|off|y|n|\.inf|\.nan)$/i;
const UNPRINTABLE = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const DIGITS = /^[0-9]+$/;
/** Printable ASCII with no `"` or `\\`: its JSON form is the string in quotes, with nothing to escape. */
const SAFE_QUOTED = /^[ !#-[\]-~]*$/;

export function yamlString(s: string): string {
  // guest ids ("900"), the commonest value of a plan: quoted, or they would read back as numbers
  if (DIGITS.test(s)) return `"${s}"`;
  if (PLAIN.test(s) && !KEYWORD.test(s)) return s;
  if (SAFE_QUOTED.test(s)) return `"${s}"`;
  return JSON.stringify(s).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// JSON.stringify's view of a value: toJSON applied; undefined, functions and symbols are absent (null in a list).
function json(v: unknown): Json | undefined {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (typeof v === 'bigint') throw new TypeError('yaml-emit: a BigInt is not JSON');
  return v as Json;
}

function scalar(v: Json): string {
  if (typeof v === 'string') return yamlString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) return 'null';
  return Array.isArray(v) ? '[]' : '{}';
}

/** A list or map with something to write (a map whose every value is absent is `{}`, as in JSON). */
function isBlock(v: Json): v is Json[] | { [k: string]: Json } {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  for (const k in v) if (Object.hasOwn(v, k) && json(v[k]) !== undefined) return true;
  return false;
}

// keys repeat on every step (id, task, params, vmid…): their form is worked out once
const keys = new Map<string, string>();
function keyString(k: string): string {
  let y = keys.get(k);
  if (y === undefined) { y = yamlString(k); if (keys.size < 10_000) keys.set(k, y); }
  return y;
}

/**
 * Appends `v` (a list or map with entries) to `out.s`: its first line starts with `first`, the others with `rest`
 * (the same width: `first` may end in the `- ` of the list item holding it).
 */
function block(v: Json[] | { [k: string]: Json }, first: string, rest: string, out: Bytes): void {
  let lead = first;
  const deeper = `${rest}  `;
  if (Array.isArray(v)) {
    for (const raw of v) {
      const item = json(raw) ?? null;
      if (isBlock(item)) {
        // a map's first key sits on the dash line; a list item that is a list starts on the next one
        if (Array.isArray(item)) { out.put(`${lead}-\n`); block(item, deeper, deeper, out); }
        else block(item, `${lead}- `, deeper, out);
      } else out.put(`${lead}- ${scalar(item)}\n`);
      lead = rest;
    }
    return;
  }
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const val = json(v[k]);
    if (val === undefined) continue;
    if (isBlock(val)) { out.put(`${lead}${keyString(k)}:\n`); block(val, deeper, deeper, out); }
    else out.put(`${lead}${keyString(k)}: ${scalar(val)}\n`);
    lead = rest;
  }
}

/**
 * The document's bytes: lines gather in a short string, copied into 1 MiB buffers every 16 KiB. The strings die
 * young, so garbage collection stays cheap (a string grown to the whole document with +=, or an array of its
 * lines, survives every scavenge: that cost more than the writing itself).
 */
class Bytes {
  private chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  private pending = '';
  put(s: string): void {
    this.pending += s;
    if (this.pending.length >= 1 << 14) this.flush();
  }
  private flush(): void {
    const s = this.pending;
    this.pending = '';
    // a UTF-8 character is at most 3 bytes per UTF-16 unit
    if (this.at + s.length * 3 > this.buf.length) {
      this.chunks.push(this.buf.subarray(0, this.at));
      this.buf = Buffer.allocUnsafe(Math.max(1 << 20, s.length * 3));
      this.at = 0;
    }
    this.at += this.buf.write(s, this.at);
  }
  done(): Buffer[] {
    this.flush();
    return [...this.chunks, this.buf.subarray(0, this.at)];
  }
}

/**
 * `value` (JSON data; undefined properties are left out, as JSON.stringify does) as the bytes of a YAML document,
 * in the order they are to be written (never one copy of the whole: a 50 000-guest plan is 70 MB).
 */
export function toYamlBytes(value: unknown, header = ''): Buffer[] {
  const out = new Bytes();
  out.put(header);
  const v = json(value) ?? null;
  if (isBlock(v)) block(v, '', '', out);
  else out.put(`${scalar(v)}\n`);
  return out.done();
}

/** `value` as a YAML document (a string). */
export const toYaml = (value: unknown): string => Buffer.concat(toYamlBytes(value)).toString('utf8');
