// Small file helpers: atomic writes (tmp + rename), JSON state, directory copies.
import { execFileSync } from 'node:child_process';
import {
  chmodSync, copyFileSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync,
  rmSync, symlinkSync, utimesSync, writeFileSync, type Stats,
} from 'node:fs';
import { join } from 'node:path';
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

const isRoot = process.getuid?.() === 0;

function own(to: string, st: Stats): void {
  if (isRoot) lchownSync(to, st.uid, st.gid);
}

/** Copy in-process (dirs, files, symlinks with modes, owners, mtimes); false when a special file needs cp. */
function copyNative(from: string, to: string): boolean {
  const st = lstatSync(from);
  if (st.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
    own(to, st);
    return true;
  }
  if (st.isFile()) {
    copyFileSync(from, to);
  } else if (st.isDirectory()) {
    mkdirSync(to);
    for (const e of readdirSync(from)) if (!copyNative(join(from, e), join(to, e))) return false;
  } else {
    return false;
  }
  own(to, st);
  chmodSync(to, st.mode & 0o7777);
  utimesSync(to, st.atime, st.mtime);
  return true;
}

/**
 * Copy a directory tree preserving modes, links and owners, like `cp -a` (which is used when the tree holds
 * device nodes, fifos or sockets). `to` is replaced.
 */
export function copyTree(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { recursive: true, force: true });
  if (!existsSync(from)) {
    mkdirSync(to, { recursive: true });
    return;
  }
  if (copyNative(from, to)) return;
  rmSync(to, { recursive: true, force: true });
  execFileSync('cp', ['-a', '--', from, to], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function removeTree(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true });
}
