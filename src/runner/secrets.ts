// Secrets given by reference in the configuration: {"$secret": "env:NAME"} or {"$secret": "file:/path"}.
// Plans and playbooks carry only the reference; the value is read when a task needs it, reaches the command on
// stdin (never argv), and is masked in every output, event, journal line and error message from then on: as written
// and in the spellings a program that echoes it may use (secret-forms.ts: %q, quotes, JSON, URL, base64).
// Plaintext secrets of the configuration (warned about at load) are masked the same way.
import { findSecrets, MIN_SECRET_LENGTH, readSecretRef } from '../inventory/find-secrets.js';
import { isSecretRef, type SecretRef } from '../tasks/secret-ref.js';
import { secretPattern } from './secret-forms.js';

export { isSecretRef, type SecretRef };

const MASK = '********';
const known = new Map<string, RegExp>();

/** Remember a value so that mask() hides it everywhere, in every form. Validation refused shorter ones. */
export function registerSecret(value: string): void {
  if (value.length >= 4 && !known.has(value)) known.set(value, secretPattern(value));
}

export function mask(text: string): string {
  let out = text;
  for (const [v, re] of known) {
    if (out.includes(v)) out = out.split(v).join(MASK);
    re.lastIndex = 0;
    out = out.replace(re, MASK);
  }
  return out;
}

export function describeRef(ref: SecretRef): string {
  return `secret ${ref.$secret.replace(/^(env|file):.*/, (_m, k: string) => `${k}:…`)}`;
}

/**
 * The value of a reference, registered for masking. A value too short to mask is refused here too (validation
 * refuses it when it can read it; this covers one that only resolves at run time), before any command carries it.
 */
export function resolveSecret(ref: SecretRef, baseDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = readSecretRef(ref, baseDir, env);
  if (value.length < MIN_SECRET_LENGTH) {
    throw new Error(`secret ${ref.$secret} is shorter than ${MIN_SECRET_LENGTH} characters, too short to be masked safely in output: use a longer one`);
  }
  registerSecret(value);
  return value;
}

/** Every reference in a document, resolved up front so masking covers values before any output; plaintext secrets too. */
export function registerAll(doc: unknown, baseDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  for (const s of findSecrets(doc)) {
    if ('value' in s) { registerSecret(s.value); continue; }
    try { resolveSecret(s.ref, baseDir, env); } catch (e) { problems.push((e as Error).message); }
  }
  return problems;
}

/**
 * mask() over every string of a JSON-like value. Copy on write: what holds no secret comes back as it is (every
 * event of a run passes here: a copy of each was most of the garbage of a 15 000-step no-op run).
 */
export function maskDeep<T>(v: T): T {
  return known.size ? (maskIn(v) as T) : v;
}

function maskIn(v: unknown): unknown {
  if (typeof v === 'string') return mask(v);
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const m = maskIn(v[i]);
      if (m !== v[i]) (out ??= [...v])[i] = m;
    }
    return out ?? v;
  }
  if (v && typeof v === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const m = maskIn(x);
      if (m !== x) (out ??= { ...v })[k] = m;
    }
    return out ?? v;
  }
  return v;
}
