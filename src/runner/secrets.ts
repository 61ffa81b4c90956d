// Secrets given by reference in the configuration: {"$secret": "env:NAME"} or {"$secret": "file:/path"}.
// Plans and playbooks carry only the reference; the value is read when a task needs it, reaches the command on
// stdin (never argv), and is masked in every output, event, journal line and error message from then on.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isSecretRef, type SecretRef } from '../tasks/secret-ref.js';

export { isSecretRef, type SecretRef };

const known = new Set<string>();

/** Remember a value so that mask() hides it everywhere. */
export function registerSecret(value: string): void {
  if (value.length >= 4) known.add(value);
}

export function mask(text: string): string {
  let out = text;
  for (const v of known) if (out.includes(v)) out = out.split(v).join('********');
  return out;
}

export function describeRef(ref: SecretRef): string {
  return `secret ${ref.$secret.replace(/^(env|file):.*/, (_m, k: string) => `${k}:…`)}`;
}

export function resolveSecret(ref: SecretRef, baseDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const m = /^(env|file):(.+)$/.exec(ref.$secret);
  if (!m) throw new Error(`secret reference '${ref.$secret}' must be env:NAME or file:PATH`);
  let value: string | undefined;
  if (m[1] === 'env') {
    value = env[m[2]!];
    if (value === undefined) throw new Error(`secret env:${m[2]} is not set in the environment`);
  } else {
    const path = isAbsolute(m[2]!) ? m[2]! : resolve(baseDir, m[2]!);
    try { value = readFileSync(path, 'utf8').replace(/\r?\n$/, ''); } catch { throw new Error(`secret file:${m[2]} cannot be read`); }
  }
  registerSecret(value);
  return value;
}

/** Every reference in a document, resolved up front so masking covers values before any output. */
export function registerAll(doc: unknown, baseDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  const walk = (v: unknown): void => {
    if (isSecretRef(v)) { try { resolveSecret(v, baseDir, env); } catch (e) { problems.push((e as Error).message); } return; }
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(doc);
  return problems;
}

/** mask() over every string of a JSON-like value. */
export function maskDeep<T>(v: T): T {
  if (typeof v === 'string') return mask(v) as T;
  if (Array.isArray(v)) return v.map(maskDeep) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskDeep(x)])) as T;
  return v;
}
