// A cross-process lock: a lock file created exclusively (O_EXCL) holding the owner's pid; a lock whose owner is
// gone is stale and taken over. Taking and releasing it is one create and one unlink, and it is held only while
// reading and writing state.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { SimError } from './errors.js';

const TIMEOUT_MS = 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(lock: string): boolean {
  let text = '';
  try {
    text = readFileSync(lock, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // released meanwhile
    text = ''; // a lock directory of an older simulator: judged by its age
  }
  const pid = Number(text);
  if (text === '' || !Number.isInteger(pid) || pid <= 0) {
    // The owner may be between creating the file and writing its pid: stale only when old.
    try {
      return Date.now() - statSync(lock).mtimeMs > 5_000;
    } catch {
      return false;
    }
  }
  return !alive(pid);
}

function tryAcquire(lock: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      mkdirSync(dirname(lock), { recursive: true });
      return tryAcquire(lock);
    }
    if (code !== 'EEXIST') throw e;
    if (isStale(lock)) {
      const grave = `${lock}.stale-${process.pid}-${Date.now()}`;
      try {
        renameSync(lock, grave);
        rmSync(grave, { recursive: true, force: true });
      } catch {
        // someone else took it over first
      }
    }
    return false;
  }
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What this process spent on the lock so far (for the audit log): ms held, ms waited, times taken. */
export const lockStats = { heldMs: 0, waitedMs: 0, taken: 0 };

/** A new call starts at zero (a pool worker runs many calls in one process). */
export function resetLockStats(): void {
  lockStats.heldMs = 0;
  lockStats.waitedMs = 0;
  lockStats.taken = 0;
}

/** Run `fn` while holding the lock file `lock`. */
export async function withLock<T>(lock: string, fn: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  let wait = 1;
  while (!tryAcquire(lock)) {
    if (performance.now() - start > TIMEOUT_MS) {
      throw new SimError(`can't lock file '${lock}' - got timeout`, 255);
    }
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 20);
  }
  const held = performance.now();
  lockStats.waitedMs += held - start;
  lockStats.taken++;
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // taken over as stale after all: nothing left to release
    }
    lockStats.heldMs += performance.now() - held;
  }
}
