// Secrets in the configuration: plaintext ones (warned about with the JSON path, never the value), references
// (`{"$secret": "env:NAME" | "file:PATH"}`) and how a reference is read. The runner (runner/secrets.ts) masks what
// these resolve to; validation (value-checks.ts) checks them, both without ever printing a value.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential)/i;
/** Keys that name where a secret is, or a derived value, rather than the secret itself. */
const NOT_A_SECRET = /(_(file|path|dir|hash|url|name|user|id|env)|hash|file|path)$/i;
/** A value that refers to a secret kept elsewhere. */
const REFERENCE = /^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|env:.+|file:.+)$/;

/**
 * Below this length a value cannot be masked safely: a short string turns up by chance in unrelated output (and
 * would be masked there, telling a reader where it is), and its encoded forms (base64 at an offset, which loses the
 * characters at both ends) would be shorter still. So a shorter secret is refused, not half-masked.
 */
export const MIN_SECRET_LENGTH = 8;

export interface SecretRefValue { $secret: string }

/** `{"$secret": "..."}` and nothing else (the config's `secret` schema; tasks/secret-ref.ts is the same test). */
export const isSecretRefValue = (v: unknown): v is SecretRefValue =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as SecretRefValue).$secret === 'string' && Object.keys(v).length === 1;

function escape(key: string): string { return key.replace(/~/g, '~0').replace(/\//g, '~1'); }

/** Does the key name a secret? Keys repeat on every guest (hostname, memory_mb…): each is tested once. */
const secretKeys = new Map<string, boolean>();
function namesSecret(key: string): boolean {
  let y = secretKeys.get(key);
  if (y === undefined) { y = SECRET_KEY.test(key) && !NOT_A_SECRET.test(key); if (secretKeys.size < 10_000) secretKeys.set(key, y); }
  return y;
}

export function isPlaintextSecret(key: string, value: unknown): boolean {
  return namesSecret(key) && typeof value === 'string' && value.trim() !== '' && !REFERENCE.test(value.trim());
}

/** Every secret of a document: a reference (`ref`, its `$secret` text) or a plaintext value, with its JSON pointer. */
export type FoundSecret = { pointer: string; ref: SecretRefValue } | { pointer: string; value: string };

/**
 * The secrets of a whole document (pointer ''), found once per document object: validation and the masking set-up
 * both ask for them (a 5 000-guest LXC file is a walk of ~10 ms). The document is the parsed configuration, never
 * changed after loading; the list is read-only.
 */
const byDoc = new WeakMap<object, readonly FoundSecret[]>();

export function findSecrets(doc: unknown, pointer = ''): readonly FoundSecret[] {
  if (pointer !== '' || typeof doc !== 'object' || doc === null) return walkSecrets(doc, pointer);
  let found = byDoc.get(doc);
  if (!found) { found = walkSecrets(doc, ''); byDoc.set(doc, found); }
  return found;
}

function walkSecrets(doc: unknown, pointer: string): FoundSecret[] {
  const out: FoundSecret[] = [];
  // the path as keys and indexes, joined into a pointer only where a secret is (one walk, no string per node)
  const path: (string | number)[] = [];
  const here = (): string => pointer + path.map((p) => `/${typeof p === 'number' ? p : escape(p)}`).join('');
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (isSecretRefValue(v)) { out.push({ pointer: here(), ref: v }); return; }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) { path.push(i); walk(v[i]); path.pop(); }
      return;
    }
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      const value = (v as Record<string, unknown>)[key];
      if (typeof value !== 'object' && typeof value !== 'string') continue;
      path.push(key);
      if (isPlaintextSecret(key, value)) out.push({ pointer: here(), value: value as string });
      else walk(value);
      path.pop();
    }
  };
  walk(doc);
  return out;
}

/** JSON pointers of every plaintext secret under `doc`. */
export function findSecretPointers(doc: unknown, pointer = ''): string[] {
  return findSecrets(doc, pointer).flatMap((s) => ('value' in s ? [s.pointer] : []));
}

export function secretWarnings(label: string, doc: unknown): string[] {
  return findSecretPointers(doc).map(
    (p) => `${label}: ${p}: plaintext secret in the configuration (value not shown); keep secrets out of these files`,
  );
}

/** `secret env:NAME`: the reference as the configuration writes it (where the value is, never the value). */
export const describeSecretRef = (ref: SecretRefValue): string => `secret ${ref.$secret}`;

/**
 * The value a reference names: the environment variable, or the file (relative to `baseDir`) without one trailing
 * line break. Throws an Error whose message names the reference, never a value.
 */
export function readSecretRef(ref: SecretRefValue, baseDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const m = /^(env|file):(.+)$/.exec(ref.$secret);
  if (!m) throw new Error(`secret reference '${ref.$secret}' must be env:NAME or file:PATH`);
  if (m[1] === 'env') {
    const value = env[m[2]!];
    if (value === undefined) throw new Error(`secret env:${m[2]} is not set in the environment`);
    return value;
  }
  const path = isAbsolute(m[2]!) ? m[2]! : resolve(baseDir, m[2]!);
  try { return readFileSync(path, 'utf8').replace(/\r?\n$/, ''); } catch { throw new Error(`secret file:${m[2]} cannot be read`); }
}
