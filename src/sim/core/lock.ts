// A cross-process lock: mkdir of a lock directory holding the owner's pid; a lock whose owner is
// gone is stale and taken over. Hold it only while reading and writing state.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

function isStale(lockDir: string): boolean {
  let text = '';
  try {
    text = readFileSync(join(lockDir, 'pid'), 'utf8');
  } catch {
    text = '';
  }
  const pid = Number(text);
  if (text === '' || !Number.isInteger(pid) || pid <= 0) {
    // The owner may be between mkdir and writing its pid: stale only when old.
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 5_000;
    } catch {
      return false;
    }
  }
  return !alive(pid);
}

function tryAcquire(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      mkdirSync(dirname(lockDir), { recursive: true });
      return tryAcquire(lockDir);
    }
    if (code !== 'EEXIST') throw e;
    if (isStale(lockDir)) {
      const grave = `${lockDir}.stale-${process.pid}-${Date.now()}`;
      try {
        renameSync(lockDir, grave);
        rmSync(grave, { recursive: true, force: true });
      } catch {
        // someone else took it over first
      }
    }
    return false;
  }
  const tmp = join(lockDir, `pid.${process.pid}`);
  writeFileSync(tmp, String(process.pid));
  renameSync(tmp, join(lockDir, 'pid'));
  return true;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What this process spent on the lock so far (for the audit log): ms held, ms waited, times taken. */
export const lockStats = { heldMs: 0, waitedMs: 0, taken: 0 };

/** Run `fn` while holding the lock directory `lockDir`. */
export async function withLock<T>(lockDir: string, fn: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  let wait = 2;
  while (!tryAcquire(lockDir)) {
    if (performance.now() - start > TIMEOUT_MS) {
      throw new SimError(`can't lock file '${lockDir}' - got timeout`, 255);
    }
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 50);
  }
  const held = performance.now();
  lockStats.waitedMs += held - start;
  lockStats.taken++;
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
    lockStats.heldMs += performance.now() - held;
  }
}
