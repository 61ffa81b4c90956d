// One command on one SSH session channel via node-ssh execCommand: raw bytes collected and decoded
// once (no UTF-8 split across chunks, no trimming), stdin written then closed (a stream: piped, closed when it ends),
// kill() = signal + close.
// A channel the server refuses to open (sshd frees a closed session's MaxSessions slot a moment after
// the client sees it closed; someone else may hold sessions too) is retried with backoff: nothing ran.
import type { Readable } from 'node:stream';
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
interface ChannelLike {
  signal(name: string): void;
  close(): void;
  outgoing?: { id?: number; state?: string };
  _client?: { _protocol?: { signal?: (id: number, name: string) => void } };
}

/**
 * Send a `signal` channel request. ssh2's channel.signal() silently does nothing once stdin has been
 * ended (always, for execCommand), so talk to its protocol object directly when it is there
 * (ssh2 1.x, pinned by the lockfile), else fall back to the public method.
 */
function sendSignal(c: ChannelLike, name: string): void {
  const id = c.outgoing?.id;
  const protocol = c._client?._protocol;
  if (c.outgoing?.state === 'open' && id !== undefined && typeof protocol?.signal === 'function') {
    protocol.signal(id, name);
  } else {
    c.signal(name);
  }
}

/** Retry delays after a refused channel open (ms); nothing ran on the node, so retrying is safe. */
const OPEN_RETRY_DELAYS_MS = [20, 50, 100, 200, 400, 400, 400, 400, 400, 400];

/**
 * The server answered CHANNEL_OPEN_FAILURE (it carries a numeric reason; OpenSSH says "open failed",
 * reason 2, when MaxSessions is reached). Not a dead connection: that has no reason code.
 */
export function isRefusedOpen(error: unknown): boolean {
  const reason = (error as { reason?: unknown } | null)?.reason;
  return error instanceof Error && /Channel open failure/.test(error.message) && typeof reason === 'number';
}

export function runOnChannel(ssh: NodeSSH, command: string, stdin: string | Readable | undefined, onData?: (chunk: Buffer) => void): ChannelRun {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let channel: ChannelLike | undefined;
  let killed = false;
  const killChannel = (c: ChannelLike): void => {
    try { sendSignal(c, 'KILL'); } catch { /* channel already gone */ }
    try { c.close(); } catch { /* channel already gone */ }
  };
  const attempt = (): Promise<ChannelOutcome> => ssh.execCommand(command, {
    noTrim: true,
    ...(stdin !== undefined ? { stdin } : {}),
    onChannel: (c: unknown) => {
      channel = c as ChannelLike;
      if (killed) killChannel(channel);
    },
    onStdout: (chunk: Buffer) => { stdout.push(chunk); onData?.(chunk); },
    onStderr: (chunk: Buffer) => { stderr.push(chunk); },
  }).then(
    (r): ChannelOutcome => ({ kind: 'exit', code: r.code, signal: r.signal }),
    (error: unknown): ChannelOutcome => ({ kind: 'error', error }),
  );
  const done = (async (): Promise<ChannelOutcome> => {
    for (const delay of OPEN_RETRY_DELAYS_MS) {
      const outcome = await attempt();
      if (killed || outcome.kind !== 'error' || !isRefusedOpen(outcome.error)) return outcome;
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (killed) return outcome;
    }
    return attempt();
  })();
  return {
    done,
    output: () => ({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    kill() {
      killed = true;
      if (channel) killChannel(channel);
    },
  };
}
