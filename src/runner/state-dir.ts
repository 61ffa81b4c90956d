// `.phoenix/` beside the configuration: the run lock and the journals (`runs/`). Checked before anything is taken or
// written, so a broken path (a dangling symlink, a file where a directory belongs, a read-only or full filesystem)
// is one line naming the file and the fix, and nothing is left behind.
import { accessSync, constants, lstatSync, mkdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

/** One line: `Error: <path>: <problem>; <fix>`. */
export class StateDirError extends UsageError {
  constructor(readonly path: string, problem: string, fix: string) { super(`Error: ${path}: ${problem}; ${fix}`); }
}

const FIXES: Record<string, [string, string]> = {
  ENOSPC: ['no space left on the device', 'free some space there'],
  EDQUOT: ['disk quota exceeded', 'free some space there'],
  EROFS: ['the filesystem is read-only', 'make it writable, or keep the configuration where Phoenix can write beside it'],
  EACCES: ['permission denied', 'give this user write access to it'],
  EPERM: ['operation not permitted', 'give this user write access to it (and check for chattr +i)'],
  EIO: ['input/output error', 'check that disk'],
  ELOOP: ['too many levels of symbolic links', 'replace the link by a directory'],
};

/** A filesystem error while `doing` something with `path`, as one StateDirError line. */
export function fsProblem(path: string, e: unknown, doing: string): StateDirError {
  const err = e as NodeJS.ErrnoException;
  const [problem, fix] = FIXES[err.code ?? ''] ?? [err.message, 'fix it and run again'];
  return new StateDirError(path, `cannot ${doing} (${err.code ?? 'error'}: ${problem})`, fix);
}

const lstatOrUndefined = (p: string): Stats | undefined => { try { return lstatSync(p); } catch { return undefined; } };
const linkTarget = (p: string): string => { try { return readlinkSync(p); } catch { return '?'; } };

/** `p` must be a directory (or a link to one); create it (and its parents) when it is missing. */
function ensureDir(p: string, role: string): void {
  const st = lstatOrUndefined(p);
  if (st?.isSymbolicLink()) {
    let target: Stats | undefined;
    try { target = statSync(p); } catch { /* dangling */ }
    if (!target) throw new StateDirError(p, `is a symbolic link to ${linkTarget(p)}, which does not exist`, `remove the link (rm '${p}') or create its target`);
    if (!target.isDirectory()) throw new StateDirError(p, `is a symbolic link to ${linkTarget(p)}, which is not a directory (${role} must be one)`, `remove the link (rm '${p}')`);
    return;
  }
  if (st && !st.isDirectory()) throw new StateDirError(p, `is a file, not a directory (${role} must be one)`, `remove or rename it (mv '${p}' '${p}.old')`);
  if (st) return;
  ensureParent(p);
  try { mkdirSync(p); } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsProblem(p, e, 'create the directory');
  }
}

/** The nearest existing ancestor of `p` must be a directory: name the first one that is not. */
function ensureParent(p: string): void {
  const parent = dirname(p);
  if (parent === p) return;
  const st = lstatOrUndefined(parent);
  if (!st) { ensureParent(parent); try { mkdirSync(parent); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsProblem(parent, e, 'create the directory'); } return; }
  let target: Stats | undefined;
  try { target = statSync(parent); } catch { /* dangling */ }
  if (!target?.isDirectory()) throw new StateDirError(parent, target ? 'is not a directory' : `is a symbolic link to ${linkTarget(parent)}, which does not exist`, `fix or remove it (${target ? 'mv' : 'rm'} '${parent}'${target ? ` '${parent}.old'` : ''})`);
}

function writable(p: string): void {
  try { accessSync(p, constants.W_OK); } catch (e) { throw fsProblem(p, e, 'write in it'); }
}

export interface StateDir { dir: string; runs: string; lock: string }

/** Check `.phoenix/` (create it and `runs/` when missing); throws a StateDirError naming the broken path. */
export function prepareStateDir(dir: string): StateDir {
  ensureDir(dir, 'the state directory .phoenix');
  writable(dir);
  const lock = join(dir, 'run.lock');
  const st = lstatOrUndefined(lock);
  if (st?.isSymbolicLink()) throw new StateDirError(lock, `is a symbolic link (to ${linkTarget(lock)}); Phoenix writes its run lock there itself`, `remove it (rm '${lock}')`);
  if (st?.isDirectory()) throw new StateDirError(lock, 'is a directory; Phoenix writes its run lock there itself', `remove it (rmdir '${lock}')`);
  const runs = join(dir, 'runs');
  ensureDir(runs, 'the journal directory .phoenix/runs');
  writable(runs);
  return { dir, runs, lock };
}
