// The run journal, `.phoenix/runs/<id>.jsonl`: every event and every command sent (node, argv, exit code,
// duration) — what an operator reads after a bad night. A command's record, the run's start and end are written at
// once; the step events between them are gathered for at most FLUSH_MS (or FLUSH_BYTES) and written together, and
// everything gathered is written before the next command is sent (`flush`, called by the runner's beforeSend gate):
// a crash loses at most the last FLUSH_MS of step events, never the record of a command. (A write per event was
// 30 000 writes, a second, in a no-op run of 3 000 guests.)
//
// The journal comes first: when a write fails (ENOSPC, EROFS, EIO…) the journal reports a fault at once, and the run
// stops sending (run.ts: the scheduler's `stopped` and the runner's `beforeSend` gate). A run keeps a small reserve
// file beside its journal; on ENOSPC the reserve is given back and the write retried, so the records of the commands
// already in flight, and the run's end, still land on a full disk.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PhoenixError } from '../errors.js';
import type { Emit } from './events.js';
import { fsProblem } from './state-dir.js';

export function newRunId(d = new Date()): string {
  return `${d.toISOString().replace(/[-:]/g, '').replace(/\.(\d+)Z$/, '.$1Z')}-${process.pid}`;
}

export interface JournalFault { path: string; code: string; message: string }

export interface Journal {
  readonly path: string;
  readonly runId: string;
  emit: Emit;
  /** emit() of an event already serialised (`line` is its JSON and a newline): the --json output shares it. */
  emitLine(event: string, line: string): void;
  /** Set from the first failed write on. */
  fault(): JournalFault | undefined;
  /** Write what is gathered now (a failed write sets the fault). */
  flush(): void;
  close(): void;
  /** Close and remove it: the run never started (nothing was sent). */
  discard(): void;
}

/** What the runner's beforeSend gate throws once the journal cannot be written: the command is not sent. */
export class JournalBroken extends PhoenixError {
  readonly kind = 'task' as const;
  constructor(readonly fault: JournalFault) { super(`not sent: the run journal cannot be written (${fault.code})`); }
}

export interface JournalOptions {
  /** Bytes held back for the end of the run on a full disk (default 16 KiB; 0: none). */
  reserveBytes?: number;
  /** Called once, at the first failed write. */
  onFault?: (f: JournalFault) => void;
}

const DEFAULT_RESERVE = 16 * 1024;
const FLUSH_MS = 100;
const FLUSH_BYTES = 64 * 1024;
/** Events written the moment they happen. */
const AT_ONCE = new Set(['run_start', 'command', 'run_end']);

/** Write all of `buf` from `offset`; returns the offset reached when a write throws (in `e.reached`). */
function writeAll(fd: number, buf: Buffer, offset: number): number {
  let at = offset;
  while (at < buf.length) {
    try { at += writeSync(fd, buf, at, buf.length - at); } catch (e) {
      (e as { reached?: number }).reached = at;
      throw e;
    }
  }
  return at;
}

/**
 * Open a new journal `<dir>/<runId>.jsonl` (never someone else's: a taken id gets a suffix). Throws a StateDirError
 * when it cannot even start: nothing is sent unjournalled.
 */
export function openJournal(dir: string, runId: string, o: JournalOptions = {}): Journal {
  let id = runId;
  let fd: number | undefined;
  for (let n = 1; fd === undefined; n++) {
    try { fd = openSync(join(dir, `${id}.jsonl`), 'wx', 0o600); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n > 50) throw fsProblem(join(dir, `${id}.jsonl`), e, 'create the run journal');
      id = `${runId}-${n}`;
    }
  }
  const path = join(dir, `${id}.jsonl`);
  const reservePath = join(dir, `.${id}.reserve`);
  let reserve = false;
  const size = o.reserveBytes ?? DEFAULT_RESERVE;
  if (size > 0) {
    let rfd: number | undefined;
    try {
      rfd = openSync(reservePath, 'w', 0o600);
      writeAll(rfd, Buffer.alloc(size), 0);
      reserve = true;
    } catch (e) {
      closeSync(fd);
      rmSync(path, { force: true });
      rmSync(reservePath, { force: true });
      throw fsProblem(path, e, 'start the run journal');
    } finally {
      if (rfd !== undefined) closeSync(rfd);
    }
  }
  const giveBack = (): void => { if (reserve) { reserve = false; rmSync(reservePath, { force: true }); } };
  let fault: JournalFault | undefined;
  let dead = false;
  const fail = (e: unknown): void => {
    if (fault) return;
    const err = e as NodeJS.ErrnoException;
    fault = { path, code: err.code ?? 'EIO', message: err.message };
    o.onFault?.(fault);
  };
  const fdOpen = fd;
  let closed = false;
  let pending: string[] = [];
  let pendingBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const write = (buf: Buffer): void => {
    try { writeAll(fdOpen, buf, 0); return; } catch (first) {
      fail(first);
      if ((first as NodeJS.ErrnoException).code === 'ENOSPC' && reserve) {
        giveBack();
        try { writeAll(fdOpen, buf, (first as { reached?: number }).reached ?? 0); return; } catch { /* dead below */ }
      }
      dead = true;
    }
  };
  function flush(): void {
    if (timer) { clearTimeout(timer); timer = undefined; }
    if (!pending.length) return;
    const text = pending.join('');
    pending = [];
    pendingBytes = 0;
    if (!dead && !closed) write(Buffer.from(text));
  }
  function emitLine(event: string, line: string): void {
    if (dead || closed) return;
    pending.push(line);
    pendingBytes += line.length;
    if (AT_ONCE.has(event) || pendingBytes >= FLUSH_BYTES) flush();
    else timer ??= setTimeout(flush, FLUSH_MS).unref();
  }
  function close(): void {
    flush();
    giveBack();
    if (closed) return;
    closed = true;
    try { closeSync(fdOpen); } catch { /* closed */ }
  }
  return {
    path,
    runId: id,
    fault: () => fault,
    emit: (e) => emitLine(e.event, `${JSON.stringify(e)}\n`),
    emitLine,
    flush,
    close,
    discard() { pending = []; close(); rmSync(path, { force: true }); },
  };
}

/** The one line a journal fault prints. */
export function faultLine(f: JournalFault): string {
  const fix = f.code === 'ENOSPC' || f.code === 'EDQUOT' ? 'free some space there'
    : f.code === 'EROFS' ? 'the filesystem went read-only: check it'
      : f.code === 'EIO' ? 'check that disk' : 'check that filesystem';
  return `Error: cannot write the run journal ${f.path} (${f.code}: ${f.message.replace(/^[A-Z]+: /, '').replace(/, write$/, '')}): stopped before sending more commands; ${fix}, then run \`phoenix run --resume last\``;
}
