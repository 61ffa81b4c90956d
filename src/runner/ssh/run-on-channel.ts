// One command on one SSH session channel via node-ssh execCommand: raw bytes collected and decoded
// once (no UTF-8 split across chunks, no trimming), stdin written then closed, kill() = signal + close.
import type { NodeSSH } from 'node-ssh';

export type ChannelOutcome =
  | { kind: 'exit'; code: number | null; signal: string | null }
  | { kind: 'error'; error: unknown };

export interface ChannelRun {
  /** Settles when the channel has closed (or never opened). Never rejects. */
  readonly done: Promise<ChannelOutcome>;
  /** Output so far, decoded. */
  output(): { stdout: string; stderr: string };
  /** Ask the server to KILL the process and close the channel (also if it opens later). */
  kill(): void;
}

/** The part of ssh2's ClientChannel we use (node-ssh's typings do not carry ssh2's types). */
interface ChannelLike { signal(name: string): void; close(): void }

export function runOnChannel(ssh: NodeSSH, command: string, stdin: string | undefined): ChannelRun {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let channel: ChannelLike | undefined;
  let killed = false;
  const killChannel = (c: ChannelLike): void => {
    try { c.signal('KILL'); } catch { /* channel already gone */ }
    try { c.close(); } catch { /* channel already gone */ }
  };
  const done = ssh.execCommand(command, {
    noTrim: true,
    ...(stdin !== undefined ? { stdin } : {}),
    onChannel: (c: unknown) => {
      channel = c as ChannelLike;
      if (killed) killChannel(channel);
    },
    onStdout: (chunk: Buffer) => { stdout.push(chunk); },
    onStderr: (chunk: Buffer) => { stderr.push(chunk); },
  }).then(
    (r): ChannelOutcome => ({ kind: 'exit', code: r.code, signal: r.signal }),
    (error: unknown): ChannelOutcome => ({ kind: 'error', error }),
  );
  return {
    done,
    output: () => ({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    kill() {
      killed = true;
      if (channel) killChannel(channel);
    },
  };
}
