// One run at a time per inventory: `.phoenix/run.lock` names its holder by pid, process start time, boot id and host
// (proc-identity.ts), so a reused pid never holds the lock forever: a holder whose pid is alive but started at another
// time, or on another boot, is stale and taken over with a one-line note.
import { closeSync, lstatSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { goneReason, procStartMs, selfIdentity, type ProcIdentity } from './proc-identity.js';
import { fsProblem, StateDirError } from './state-dir.js';

export interface LockRecord extends ProcIdentity { since: string; config?: string }

export interface RunLockOptions {
  /** One line when a stale lock is taken over. */
  onNote?: (line: string) => void;
  /** The configuration directory, recorded for whoever finds the lock. */
  config?: string;
}

/** Locks this process holds (in-process runs share a pid: theirs are held, not stale). */
const held = new Set<string>();

function parse(text: string): LockRecord | { legacyPid: number } | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { legacyPid: Number(t) };
  try {
    const r = JSON.parse(t) as Partial<LockRecord>;
    if (typeof r.pid === 'number' && typeof r.host === 'string') return { start: '', boot: '', since: '', ...r } as LockRecord;
  } catch { /* below */ }
  return undefined;
}

const alive = (pid: number): boolean => {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
};

/** Why the lock at `path` (holding `text`) is stale, or undefined when its holder still runs. */
function staleReason(path: string, text: string): string | undefined {
  const rec = parse(text);
  if (!rec) return 'names no holder';
  if ('legacyPid' in rec) {
    // an older Phoenix wrote only the pid: a process that started after the lock was written is not its holder
    if (!alive(rec.legacyPid)) return `(pid ${rec.legacyPid}) is no longer running`;
    const started = procStartMs(rec.legacyPid);
    const written = statSync(path).mtimeMs;
    return started !== undefined && started > written + 1000 ? `(pid ${rec.legacyPid}) is no longer running: the pid is another process now, started after the lock was written` : undefined;
  }
  const me = selfIdentity();
  if (rec.host !== me.host) return undefined; // another machine's process: cannot be checked from here
  if (rec.pid === me.pid && rec.start === me.start) return held.has(path) ? undefined : `(pid ${rec.pid}) was an earlier run of this process`;
  const why = goneReason(rec);
  return why === undefined ? undefined : `(pid ${rec.pid}${rec.since ? `, since ${rec.since}` : ''}) ${why}`;
}

function holderText(text: string): string {
  const rec = parse(text);
  if (!rec) return 'another phoenix run';
  if ('legacyPid' in rec) return `another phoenix run (pid ${rec.legacyPid})`;
  return `another phoenix run (pid ${rec.pid}${rec.host !== selfIdentity().host ? ` on ${rec.host}` : ''}${rec.since ? `, since ${rec.since}` : ''})`;
}

/** The lock's text; undefined when it has gone meanwhile. */
function readLock(path: string): string | undefined {
  let text = '';
  // a holder writes its record right after creating the file: give it a moment before calling the file empty
  for (let i = 0; i < 20 && !text.trim(); i++) {
    if (i) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    try { text = readFileSync(path, 'utf8'); } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw fsProblem(path, e, 'read the run lock');
    }
  }
  return text;
}

function create(path: string, record: LockRecord): boolean {
  let fd: number;
  try { fd = openSync(path, 'wx', 0o644); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fsProblem(path, e, 'create the run lock');
  }
  try {
    writeSync(fd, `${JSON.stringify(record)}\n`);
  } catch (e) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw fsProblem(path, e, 'write the run lock');
  }
  closeSync(fd);
  return true;
}

/** Take the lock or throw naming the holder; returns the release function (also run if the process exits). */
export function takeRunLock(path: string, o: RunLockOptions = {}): () => void {
  const record: LockRecord = { ...selfIdentity(), since: new Date().toISOString(), ...(o.config !== undefined ? { config: o.config } : {}) };
  const mine = `${JSON.stringify(record)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(path, record)) {
      held.add(path);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        held.delete(path);
        process.off('exit', release);
        // remove it only while it is still ours
        try { if (readFileSync(path, 'utf8') === mine) rmSync(path, { force: true }); } catch { /* gone already */ }
      };
      process.on('exit', release);
      return release;
    }
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (st?.isSymbolicLink()) throw new StateDirError(path, 'is a symbolic link; Phoenix writes its run lock there itself', `remove it (rm '${path}')`);
    if (st?.isDirectory()) throw new StateDirError(path, 'is a directory; Phoenix writes its run lock there itself', `remove it (rmdir '${path}')`);
    const text = readLock(path);
    if (text === undefined) continue; // removed meanwhile
    const why = staleReason(path, text);
    if (why === undefined) throw new UsageError(`Error: ${holderText(text)} holds ${path}; wait for it to finish`);
    o.onNote?.(`note: taking over the stale run lock ${path}: ${why.startsWith('(') ? `its holder ${why}` : `it ${why}`}`);
    rmSync(path, { force: true });
  }
  throw new UsageError(`Error: could not take the run lock ${path} (another run keeps taking it); try again`);
}
