// A connection runs one argv on one Proxmox node. Implementations: local (execFile, no shell),
// ssh (node-ssh, argv quoted once). A simulated node is a local one whose `path` puts the simulator first.
import { PassThrough, type Readable } from 'node:stream';

export interface ExecResult { code: number; stdout: string; stderr: string }
export interface ExecOptions {
  stdin?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Aborted: end the command now (TERM to what runs it, KILL after a grace); it answers with exit 130. */
  signal?: AbortSignal;
  /** Each piece of stdout as it arrives (it is in the result too): a long-running command's first words. */
  onStdout?: (chunk: Buffer) => void;
  /**
   * Keep the command's stdin open (after `stdin`, if any) until this settles, then end it: the command reads EOF.
   * Without it stdin ends at once. The node lock's holder waits on it (node-lock.ts): the release is that EOF.
   */
  holdInput?: Promise<unknown>;
}

export interface Connection {
  /** Inventory name of the node. */
  readonly node: string;
  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
}

/** A command's stdin under `holdInput`, for either connection: `text` (if any), then open until it settles, then EOF. */
export function heldInput(text: string | undefined, until: Promise<unknown>): Readable {
  const input = new PassThrough();
  if (text !== undefined) input.write(text);
  const end = (): void => { input.end(); };
  until.then(end, end);
  return input;
}

/** One exec as the journal records it. */
export interface ExecRecord { node: string; argv: readonly string[]; code: number; ms: number; stderr: string }

/** `conn` with every exec reported when it returns (state reads and re-reads: they are round trips too). */
export function reporting(conn: Connection, onExec: (r: ExecRecord) => void): Connection {
  return {
    node: conn.node,
    close: () => conn.close(),
    async exec(argv, opts) {
      const t0 = Date.now();
      const r = await conn.exec(argv, opts);
      onExec({ node: conn.node, argv, code: r.code, ms: Date.now() - t0, stderr: r.stderr });
      return r;
    },
  };
}
