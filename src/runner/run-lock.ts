// One run at a time per inventory: a lock file holding the PID; a lock whose process is gone is stale and taken over.
import { openSync, readFileSync, rmSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Take the lock or throw naming the holder; returns the release function. */
export function takeRunLock(path: string): () => void {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid) && pid !== process.pid) {
        throw new UsageError(`Error: another phoenix run (pid ${pid}) holds ${path}; wait for it to finish`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new UsageError(`Error: could not take the run lock ${path}`);
}
