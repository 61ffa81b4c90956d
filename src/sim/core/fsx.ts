// Small file helpers: atomic writes (tmp + rename), JSON state, directory copies.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

let seq = 0;

export function writeAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${seq++}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function readJson<T>(path: string, fallback: T): T {
  const text = readText(path);
  if (text === undefined || text.trim() === '') return fallback;
  return JSON.parse(text) as T;
}

export function writeJson(path: string, value: unknown): void {
  writeAtomic(path, `${JSON.stringify(value, null, 1)}\n`);
}

/** Copy a directory tree preserving modes, links and owners (cp -a). `to` must not exist. */
export function copyTree(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { recursive: true, force: true });
  if (!existsSync(from)) {
    mkdirSync(to, { recursive: true });
    return;
  }
  execFileSync('cp', ['-a', '--', from, to], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true });
}
