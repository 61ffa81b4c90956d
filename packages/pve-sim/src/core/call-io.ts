// The standard streams of one simulated call: the process's own in `node main.js`, or a pool worker's connection
// to the client that stands in for that process (pool/socket-io.ts).
import type { ChildProcess } from 'node:child_process';

export interface CallIo {
  out(chunk: string | Uint8Array): void;
  err(chunk: string | Uint8Array): void;
  /** The caller's stdin, opened on first use (a process must not touch fd 0 before a guest command inherits it). */
  stdin(): NodeJS.ReadableStream;
  /**
   * How a guest command (`pct exec`) gets the caller's stdio: `inherit` hands it fds 0-2 as they are; a pool
   * worker instead spawns it on pipes and connects them to the call (GuestPipes).
   */
  guest: 'inherit' | GuestPipes;
}

export interface GuestPipes {
  /** The caller's stdout and stderr are one file (`2>&1`): the guest gets one pipe for both, so their order holds. */
  merged: boolean;
  /** Feed the spawned guest's stdin from the caller and stream its output back as it comes. */
  attach(child: ChildProcess): void;
}

/** A plain `node main.js` process: its own streams. */
export function processIo(): CallIo {
  return {
    out: (t) => { process.stdout.write(t); },
    err: (t) => { process.stderr.write(t); },
    stdin: () => process.stdin,
    guest: 'inherit',
  };
}
