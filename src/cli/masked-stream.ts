// Every byte Phoenix prints goes through mask(): secret values given by reference never reach a terminal or a pipe.
//
// A plain forwarding object, not a Proxy: listr2's renderer hijacks a stream by replacing its `write` and calling
// the one it saved. Through a Proxy the replacement landed on the real stream, whose saved `write` was the Proxy's,
// which called the real stream's (now listr2's) `write` again: "Maximum call stack size exceeded" on every TTY.
// Here listr2 replaces this object's own `write`, and the saved one still goes straight to the real stream.
//
// Output is best effort, the journal is the record: once the reader has gone (`phoenix run --json | head -c 100`:
// EPIPE) or the stream fails otherwise, later writes are dropped silently. The error is caught here, so it can never
// end a run between a command and its record.
//
// Output that is not a terminal (a pipe, a file: CI logs, `--json`) is gathered and written once per turn of the event
// loop (OutputBatch): process.stdout is synchronous on a pipe or a file, and a no-op run of 3 000 guests printed
// 45 000 lines, one write(2) each (~0.45 s of its ~7 s, measured with and without). When stdout and stderr are one file (`2>&1`) both streams share one
// queue, so the lines keep their order; a terminal is written at once, as before.
import { fstatSync } from 'node:fs';
import { mask } from '../runner/secrets.js';

type Listener = (...args: unknown[]) => void;

/** Every batch with something gathered: a hard exit (process.exit) writes it out ('exit' listeners run first). */
const gathering = new Set<OutputBatch>();
let exitHook = false;

/** Written together, in order: the chunks of the streams that share one file, until the event loop turns. */
export class OutputBatch {
  private chunks: { to: (text: string) => void; text: string }[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor() {
    if (exitHook) return;
    exitHook = true;
    process.on('exit', () => { for (const b of gathering) b.flush(); });
  }

  add(to: (text: string) => void, text: string): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.to === to) last.text += text; else this.chunks.push({ to, text });
    this.bytes += text.length;
    gathering.add(this);
    if (this.bytes >= 1 << 16) this.flush();
    else if (!this.scheduled) { this.scheduled = true; setImmediate(() => this.flush()); }
  }

  flush(): void {
    gathering.delete(this);
    this.scheduled = false;
    const chunks = this.chunks;
    this.chunks = [];
    this.bytes = 0;
    for (const c of chunks) c.to(c.text);
  }
}

/** Device and inode of a stream's file, when it is a real one that is not a terminal (else it is not batched). */
function fileOf(s: NodeJS.WriteStream): string | undefined {
  const fd = (s as unknown as { fd?: unknown }).fd;
  if (typeof fd !== 'number' || s.isTTY) return undefined;
  try { const st = fstatSync(fd); return `${st.dev}:${st.ino}`; } catch { return undefined; }
}

/** stdout and stderr, masked; batched per file when not a terminal (see above). */
export function maskedStreams(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } {
  const files = [fileOf(stdout), fileOf(stderr)];
  const first = files[0] !== undefined ? new OutputBatch() : undefined;
  const second = files[1] === undefined ? undefined : files[1] === files[0] ? first : new OutputBatch();
  return { stdout: maskedStream(stdout, first), stderr: maskedStream(stderr, second) };
}

export function maskedStream(s: NodeJS.WriteStream, batch?: OutputBatch): NodeJS.WriteStream {
  let gone = false;
  // an 'error' without a listener would throw from the event loop: that was the EPIPE stack trace
  if (typeof s.on === 'function') s.on('error', () => { gone = true; });
  const send = (text: unknown, rest: unknown[] = []): boolean => {
    if (gone || s.destroyed === true || s.writable === false) return true;
    try {
      return (s.write as (...a: unknown[]) => boolean).call(s, text, ...rest);
    } catch {
      gone = true;
      return true;
    }
  };
  const later = (text: string): void => { send(text); };
  const out = {
    write(chunk: unknown, ...rest: unknown[]): boolean {
      const cb = rest.find((r): r is () => void => typeof r === 'function');
      if (gone || s.destroyed === true || s.writable === false) {
        if (cb) queueMicrotask(cb);
        return true;
      }
      const text = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? mask(String(chunk)) : chunk;
      if (batch && typeof text === 'string' && rest.length === 0) {
        batch.add(later, text);
        return true;
      }
      // anything else (an encoding, a callback) keeps its place: what was gathered goes first
      batch?.flush();
      return send(text, rest);
    },
    end(...args: unknown[]) { batch?.flush(); if (!gone) (s.end as (...a: unknown[]) => void).apply(s, args); return out; },
    on(event: string, fn: Listener) { s.on(event, fn); return out; },
    once(event: string, fn: Listener) { s.once(event, fn); return out; },
    off(event: string, fn: Listener) { s.off(event, fn); return out; },
    removeListener(event: string, fn: Listener) { s.removeListener(event, fn); return out; },
    hasColors: (...args: unknown[]) => (typeof s.hasColors === 'function' ? (s.hasColors as (...a: unknown[]) => boolean)(...args) : false),
    getColorDepth: (...args: unknown[]) => (typeof s.getColorDepth === 'function' ? (s.getColorDepth as (...a: unknown[]) => number)(...args) : 1),
    get isTTY() { return s.isTTY; },
    get columns() { return s.columns; },
    get rows() { return s.rows; },
    get writable() { return !gone && s.writable !== false; },
    get fd() { return (s as unknown as { fd?: number }).fd; },
  };
  return out as unknown as NodeJS.WriteStream;
}
