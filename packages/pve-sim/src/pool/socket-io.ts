// One call's standard streams over the client's connection (protocol.ts): what the simulator writes goes out as
// frames, the caller's stdin comes in once the call asks for it, and a guest command (`pct exec`) runs on pipes
// that are connected to the same frames as the data arrives (the client writes them to its own fds 1 and 2).
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import type { CallIo } from '../core/call-io.js';
import { frame } from './protocol.js';

export class SocketCall {
  readonly io: CallIo;
  private input: PassThrough | undefined;
  private readonly guests = new Set<ChildProcess>();
  private readonly paused = new Set<NodeJS.ReadableStream>();
  private readonly broken = new Set<string>();
  private done = false;
  /** The signal the caller got (it dies of it): the call is over once its guests have ended. */
  private signalled = false;

  constructor(private readonly socket: Socket, merged: boolean, private readonly exitWorker: () => never) {
    this.io = {
      out: (t) => this.send('o', t),
      err: (t) => this.send('e', t),
      stdin: () => this.stdin(),
      guest: { merged, attach: (child) => this.attach(child) },
    };
    socket.on('drain', () => { for (const s of this.paused) s.resume(); this.paused.clear(); });
  }

  /** A frame from the client after the header. */
  onFrame(type: string, payload: Buffer): void {
    if (type === 'i') this.input?.write(payload);
    else if (type === 'I') this.input?.end();
    else if (type === 'p') this.breakPipe(payload.toString());
    else if (type === 's') this.onSignal(payload.toString());
  }

  /** The call returned: its exit code is the last frame. */
  finish(code: number): void {
    this.done = true;
    this.socket.end(frame('x', String(code)));
  }

  /**
   * The client is gone before the call ended (killed with SIGKILL, or its stdout broke under the simulator's own
   * output): as when a `node main.js` process dies, the call goes no further and its guest commands die with it
   * (they were in its process group). The worker exits: whatever the call held is left as a dead process leaves
   * it (a lock file naming a dead pid is stale to the next caller), and the manager starts a fresh worker.
   */
  onClientGone(): void {
    if (this.done) return;
    this.killGuests('SIGKILL');
    this.exitWorker();
  }

  /** Streams of a guest command spawned on pipes (guest/run-in-root.ts). */
  private attach(child: ChildProcess): void {
    this.guests.add(child);
    child.on('close', () => {
      this.guests.delete(child);
      // after a signal the call ends with its guests: a killed process writes no audit line, returns no code
      if (this.signalled && this.guests.size === 0) this.exitWorker();
    });
    this.relay(child.stdout, 'O');
    this.relay(child.stderr, 'E');
    if (this.broken.has('1')) child.stdout?.destroy();
    if (this.broken.has('2')) child.stderr?.destroy();
    if (child.stdin) {
      child.stdin.on('error', () => { /* the command did not read all of its stdin */ });
      const input = this.stdin();
      if (input.readableEnded) child.stdin.end();
      else {
        input.pipe(child.stdin);
        child.on('close', () => input.unpipe(child.stdin ?? undefined));
      }
    }
  }

  private relay(stream: NodeJS.ReadableStream | null, type: string): void {
    if (!stream) return;
    stream.on('error', () => { /* destroyed after the caller's pipe broke */ });
    stream.on('data', (b: Buffer) => {
      // backpressure: a caller that does not read its output stops the guest, as a full pipe would
      if (!this.send(type, b)) { stream.pause(); this.paused.add(stream); }
    });
  }

  private stdin(): PassThrough {
    if (!this.input) {
      this.input = new PassThrough();
      this.send('w', '');
    }
    return this.input;
  }

  /** EPIPE on the caller's fd 1 or 2: the guest's end of that pipe closes too, so its next write fails as it would. */
  private breakPipe(fd: string): void {
    this.broken.add(fd);
    for (const g of this.guests) (fd === '1' ? g.stdout : g.stderr)?.destroy();
  }

  /**
   * The caller was sent TERM/INT/HUP, which a plain process and its guest command (one process group) get alike:
   * the guest gets it here; the client relays what the guest still writes, then dies of the signal itself.
   */
  private onSignal(name: string): void {
    if (this.done) return;
    this.signalled = true;
    if (this.guests.size === 0) this.exitWorker();
    this.killGuests(`SIG${name}` as NodeJS.Signals);
  }

  killGuests(signal: NodeJS.Signals): void {
    for (const g of this.guests) {
      try { if (g.pid) process.kill(-g.pid, signal); } catch { /* already gone */ }
    }
  }

  private send(type: string, data: string | Uint8Array): boolean {
    if (this.socket.destroyed || (type !== 'w' && data.length === 0)) return true;
    return this.socket.write(frame(type, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
  }
}
