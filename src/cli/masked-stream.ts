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
import { mask } from '../runner/secrets.js';

type Listener = (...args: unknown[]) => void;

export function maskedStream(s: NodeJS.WriteStream): NodeJS.WriteStream {
  let gone = false;
  // an 'error' without a listener would throw from the event loop: that was the EPIPE stack trace
  if (typeof s.on === 'function') s.on('error', () => { gone = true; });
  const out = {
    write(chunk: unknown, ...rest: unknown[]): boolean {
      if (gone || s.destroyed === true || s.writable === false) {
        const cb = rest.find((r): r is () => void => typeof r === 'function');
        if (cb) queueMicrotask(cb);
        return true;
      }
      const text = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? mask(String(chunk)) : chunk;
      try {
        return (s.write as (...a: unknown[]) => boolean).call(s, text, ...rest);
      } catch {
        gone = true;
        return true;
      }
    },
    end(...args: unknown[]) { if (!gone) (s.end as (...a: unknown[]) => void).apply(s, args); return out; },
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
