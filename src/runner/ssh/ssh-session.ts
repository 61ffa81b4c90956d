// The Connection over one established SSH connection: argv quoted once, at most `maxChannels`
// channels at a time (the rest queue), judged by exit code only, timeouts stop the command, and a
// dropped connection turns every in-flight and later exec into Unreachable (never a hang).
import type { NodeSSH } from 'node-ssh';
import { Unreachable } from '../../errors.js';
import { heldInput, type Connection, type ExecOptions, type ExecResult } from '../connection.js';
import { quoteArgv } from '../quote.js';
import { runOnChannel, type ChannelOutcome } from './run-on-channel.js';
import { createSemaphore, type Semaphore } from '../semaphore.js';
import { signalExitCode, TIMEOUT_EXIT_CODE, TIMEOUT_GRACE_MS, withEnv, withTimeout } from './remote-command.js';

/** The events of ssh2's Client we listen to. */
export interface ClientEvents {
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  setMaxListeners?(n: number): unknown;
}

export class SshConnection implements Connection {
  private lostReason: string | undefined;
  private readonly inFlight = new Set<(reason: string) => void>();
  private readonly channels: Semaphore;

  constructor(readonly node: string, private readonly ssh: NodeSSH, client: ClientEvents, maxChannels: number) {
    this.channels = createSemaphore(maxChannels);
    // node-ssh adds an 'error' listener per channel being opened.
    client.setMaxListeners?.(maxChannels + 10);
    client.on('error', (error) => this.lose(error.message));
    client.on('end', () => this.lose('connection closed by the server'));
    client.on('close', () => this.lose('connection closed'));
  }

  private lose(reason: string): void {
    if (this.lostReason !== undefined) return;
    this.lostReason = reason;
    for (const fail of [...this.inFlight]) fail(reason);
    this.inFlight.clear();
  }

  private unreachable(): Unreachable {
    return new Unreachable(this.node, `connection lost: ${this.lostReason ?? 'unknown reason'}`);
  }

  async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (argv.length === 0) throw new TypeError('exec: empty argv');
    const { timeoutMs } = opts;
    const command = quoteArgv(withTimeout(withEnv(argv, opts.env), timeoutMs));
    if (this.lostReason !== undefined) throw this.unreachable();
    const release = await this.channels.acquire();
    if (this.lostReason !== undefined) {
      release();
      throw this.unreachable();
    }
    const run = runOnChannel(this.ssh, command, opts.holdInput ? heldInput(opts.stdin, opts.holdInput) : opts.stdin, opts.onStdout);
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let expired = false;
      const timers: NodeJS.Timeout[] = [];
      const settle = (action: () => void): void => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        opts.signal?.removeEventListener('abort', onAbort);
        this.inFlight.delete(onLost);
        action();
      };
      const onLost = (): void => {
        release();
        run.kill();
        settle(() => reject(this.unreachable()));
      };
      this.inFlight.add(onLost);
      // abort: kill the remote command and close its channel now, answering 130 (the slot is released when it closes)
      const onAbort = (): void => {
        run.kill();
        const { stdout, stderr } = run.output();
        settle(() => resolve({ code: 130, stdout, stderr: `${stderr}phoenix: interrupted; the command was ended\n` }));
      };
      if (opts.signal?.aborted) onAbort();
      else opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        // The remote `timeout` stops the command; this only labels its exit and, if the node does not
        // answer within the grace period, kills the channel and answers anyway.
        timers.push(setTimeout(() => { expired = true; }, timeoutMs));
        timers.push(setTimeout(() => {
          run.kill();
          const { stdout, stderr } = run.output();
          settle(() => resolve({ code: TIMEOUT_EXIT_CODE, stdout,
            stderr: `${stderr}phoenix: timed out after ${timeoutMs} ms and the node did not stop the command; channel closed\n` }));
        }, timeoutMs + TIMEOUT_GRACE_MS));
      }
      // The slot is held until the channel is really closed, even after a timeout has answered.
      void run.done.then((outcome) => {
        release();
        // Let the client's 'end'/'close' events land first: a channel closed by a dying connection
        // must read as Unreachable, not as a command without exit status.
        setImmediate(() => settle(() => {
          const output = run.output();
          if (expired && outcome.kind === 'exit' && (outcome.code === 124 || outcome.code === 137)) {
            output.stderr += `phoenix: timed out after ${timeoutMs} ms; the command was stopped\n`;
          }
          this.finish(outcome, output, resolve, reject);
        }));
      });
    });
  }

  private finish(outcome: ChannelOutcome, output: { stdout: string; stderr: string },
    resolve: (r: ExecResult) => void, reject: (e: Error) => void): void {
    if (outcome.kind === 'error') {
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      reject(this.lostReason !== undefined ? this.unreachable()
        : new Unreachable(this.node, `cannot open an SSH channel: ${message}`));
      return;
    }
    if (outcome.code !== null) return resolve({ code: outcome.code, ...output });
    if (outcome.signal !== null) {
      return resolve({ code: signalExitCode(outcome.signal), stdout: output.stdout,
        stderr: `${output.stderr}phoenix: remote command killed by signal ${outcome.signal}\n` });
    }
    if (this.lostReason !== undefined) return reject(this.unreachable());
    resolve({ code: 255, stdout: output.stdout, stderr: `${output.stderr}phoenix: channel closed without an exit status\n` });
  }

  async close(): Promise<void> {
    this.lose('connection closed by phoenix');
    this.ssh.dispose();
  }
}
