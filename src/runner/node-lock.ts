// One run per node, not only per workspace: a lock on the node itself, held for the whole run on the connection the
// run uses. It is `flock(1)` (util-linux, on every PVE node) on a file of the node — `/run/lock/phoenix-<node>.lock`
// unless the inventory names another (`lockFile`: simulated nodes keep theirs in their own state directory) — running
// a small shell that writes the holder's record into the lock file, prints its pid (the word that the lock is held)
// and then reads its stdin, which Phoenix keeps open (ExecOptions.holdInput) until the release. The release is the
// end of that input: the shell reads EOF and ends, flock ends and the kernel frees the lock, with no second
// command. When Phoenix dies or the SSH session drops, sshd (or the kernel, for a local node) closes that stdin too:
// a lock never outlives its run.
//
// A second run (another folder, another machine) finds the node busy, prints who holds it (host, pid, start time,
// configuration directory), waits a bounded time, then refuses before its first command: nothing is sent.
import { randomBytes } from 'node:crypto';
import { UsageError, Unreachable } from '../errors.js';
import type { NodeSpec } from '../inventory/model.js';
import { connect, type ConnectOptions, type OpenedNode } from './connect.js';
import type { Connection, ExecResult } from './connection.js';

export interface NodeLockHolder { run: string; host: string; pid: number; start: string; boot: string; since: string; config: string }

export const defaultNodeLockFile = (spec: Pick<NodeSpec, 'pveNode'>): string => `/run/lock/phoenix-${spec.pveNode}.lock`;
export const nodeLockFile = (spec: Pick<NodeSpec, 'pveNode' | 'lockFile'>): string => spec.lockFile ?? defaultNodeLockFile(spec);

/** flock's exit code when the lock is taken (`-E`). */
const BUSY = 75;
/**
 * Under the lock: the record (this shell's pid, then the holder) into the lock file, this shell's pid on stdout (the
 * word that the lock is held: flock runs this shell only once it has the lock), then its stdin until EOF (the
 * shell's own `read`: no process more on the node).
 */
const HOLD = 'printf "%s %s\\n" "$$" "$1" > "$2" || exit 71; printf "%s\\n" "$$"; while read -r _; do :; done';
/**
 * Create the lock file's directory when it is missing, then flock the file without waiting (-n), keeping the lock
 * out of the shell (-o). The directory is found by the shell itself (no `dirname`, no `mkdir` when it is there): each
 * process is milliseconds of the node's CPU.
 */
const TAKE = `case $1 in */*) d=\${1%/*}; d=\${d:-/} ;; *) d=. ;; esac; { [ -d "$d" ] || mkdir -p -- "$d"; } && exec flock -n -o -E ${BUSY} -- "$1" sh -c "$2" phoenix-node-lock "$3" "$1"`;
/**
 * Release when the holder has not ended within RELEASE_WAIT_MS of the end of its input (a node slow to answer): end
 * the holding shell, if the lock file still names it (a pid is never signalled on a guess).
 */
const RELEASE = 'case "$(cat -- "$2" 2>/dev/null)" in "$1 "*"$3"*) kill -TERM "$1";; esac; true';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `p`'s value, or undefined after `ms`; the timer is cleared when `p` wins (a pending one kept every run alive 5 s). */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((r) => { timer = setTimeout(() => r(undefined), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export function describeHolder(h: Partial<NodeLockHolder> | undefined): string {
  if (!h) return 'another phoenix run';
  const parts = [h.host ? `host ${h.host}` : '', h.pid !== undefined ? `pid ${h.pid}` : '', h.since ? `started ${h.since}` : '', h.config ? `config ${h.config}` : ''].filter(Boolean);
  return `another phoenix run (${parts.join(', ')})`;
}

/** The holder named in a lock file's text (`<shell pid> <holder JSON>`). */
export function parseHolder(text: string): { shell: number; holder: Partial<NodeLockHolder> } | undefined {
  const m = /^(\d+) (\{.*\})$/m.exec(text);
  if (!m) return undefined;
  try { return { shell: Number(m[1]), holder: JSON.parse(m[2]!) as Partial<NodeLockHolder> }; } catch { return undefined; }
}

export class NodeLockRefused extends UsageError {
  constructor(readonly problems: readonly string[]) { super(problems.join('\n')); }
  override lines(): string[] { return [...this.problems]; }
}

interface Held { release(): Promise<void> }
type Attempt = { held: Held } | { busy: Partial<NodeLockHolder> | undefined } | { failed: string };

type HoldEnd = { r: ExecResult } | { e: Error };

/** How long the holder may take to end after its input ended, before it is sent a TERM. */
const RELEASE_WAIT_MS = 2000;

/** How long to wait for the holding shell's word before asking the lock file (a connection that does not stream). */
const LOOK_EVERY_MS = 1000;

async function attempt(conn: Connection, file: string, record: string, token: string): Promise<Attempt> {
  // the holding shell's first line is its pid: the lock is held, with no `cat` of the lock file round trip
  let said = '';
  let heard: (shell: number) => void = () => undefined;
  const holding = new Promise<{ shell: number }>((r) => { heard = (shell) => r({ shell }); });
  const onStdout = (b: Buffer): void => {
    if (said.length > 64) return;
    said += b.toString('latin1');
    const m = /^(\d+)\n/.exec(said);
    if (m) heard(Number(m[1]));
  };
  let endInput: () => void = () => undefined;
  const holdInput = new Promise<void>((r) => { endInput = r; });
  const hold: Promise<HoldEnd> = conn.exec(['sh', '-c', TAKE, 'phoenix-node-lock', file, HOLD, record], { onStdout, holdInput })
    .then((r) => ({ r }), (e: Error) => ({ e }))
    .finally(endInput);
  let released: Promise<void> | undefined;
  const heldBy = (shell: number): Held => ({
    release: () => (released ??= (async () => {
      endInput();
      if (await within(hold, RELEASE_WAIT_MS)) return;
      await conn.exec(['sh', '-c', RELEASE, 'phoenix-node-lock', String(shell), file, token]).catch(() => undefined);
      await within(hold, 5000);
    })()),
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const first = await within<HoldEnd | { shell: number }>(Promise.race([hold, holding]), LOOK_EVERY_MS);
    if (first && 'shell' in first) return { held: heldBy(first.shell) };
    if (first) {
      if ('e' in first) throw first.e;
      if (first.r.code === BUSY) {
        const now = await conn.exec(['cat', '--', file]);
        return { busy: parseHolder(now.stdout)?.holder };
      }
      const why = first.r.code === 127 ? 'flock (util-linux) is not installed there' : `exit ${first.r.code}${first.r.stderr.trim() ? `: ${first.r.stderr.trim().split('\n').slice(-2).join(' | ')}` : ''}`;
      return { failed: why };
    }
    // no word yet (a slow node, or a connection that gives stdout only at the end): the lock file says if it is ours
    const seen = await conn.exec(['cat', '--', file]);
    const mine = seen.code === 0 ? parseHolder(seen.stdout) : undefined;
    if (mine && seen.stdout.includes(token)) return { held: heldBy(mine.shell) };
    if (Date.now() > deadline) return { failed: 'the lock command neither took the lock nor gave up within 20s' };
  }
}

export interface NodeLockOptions {
  holder: NodeLockHolder;
  /** How long to wait for a busy node (default 30 s). */
  waitMs?: number;
  /** One line when a node is busy and the run waits for it. */
  onWait?: (line: string) => void;
  /** The run was interrupted: stop waiting. */
  stopped?: () => boolean;
}

/** Take the node lock of `spec` on `conn`, waiting while another run holds it; throws a NodeLockRefused line. */
export async function holdNodeLock(conn: Connection, spec: NodeSpec, o: NodeLockOptions): Promise<Held> {
  const file = nodeLockFile(spec);
  const token = `${o.holder.run}/${randomBytes(6).toString('hex')}`;
  const record = JSON.stringify({ ...o.holder, token });
  const waitMs = o.waitMs ?? 30_000;
  const until = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const a = await attempt(conn, file, record, token);
    if ('held' in a) return a.held;
    // two inventory names for one machine (or one lock file): this run holds it already
    if ('busy' in a && a.busy?.run === o.holder.run) return { release: async () => undefined };
    if ('failed' in a) throw new NodeLockRefused([`Error: cannot take the node lock ${file} on ${spec.name} (${a.failed}); nothing was sent to ${spec.name}`]);
    if (o.stopped?.()) throw new NodeLockRefused([`Error: interrupted while waiting for node ${spec.name} (${describeHolder(a.busy)} holds ${file}); nothing was sent`]);
    if (!told && waitMs > 0) o.onWait?.(`Waiting for node ${spec.name}: ${describeHolder(a.busy)} holds ${file}; waiting up to ${waitMs / 1000}s`);
    told = true;
    if (Date.now() >= until) {
      throw new NodeLockRefused([`Error: node ${spec.name} is in use by ${describeHolder(a.busy)}, which holds ${file}; waited ${waitMs / 1000}s and sent nothing: run again when it has finished`]);
    }
    await sleep(Math.min(1000, Math.max(0, until - Date.now())));
  }
}

/** A connection whose close() first releases the node lock held on it. */
function lockedConnection(conn: Connection, held: Held): Connection {
  let closing: Promise<void> | undefined;
  return { node: conn.node, exec: (argv, opts) => conn.exec(argv, opts), close: () => (closing ??= held.release().finally(() => conn.close())) };
}

export interface NodeLocks {
  /** For ConnectOptions.opened: the run's connections, each holding its node's lock (or the node's connect error). */
  opened: ReadonlyMap<string, OpenedNode>;
  /** Release every lock and close every connection (idempotent; the run's own close() does the same). */
  release(): Promise<void>;
}

/**
 * Connect every node of the run and take its lock, all at once. A node that cannot be reached keeps its error (the
 * run reports it unreachable, as ever); a node that stays busy, or whose lock cannot be taken, refuses the whole
 * run before anything is sent to any node (every lock taken is given back).
 */
export async function lockNodes(specs: readonly NodeSpec[], o: NodeLockOptions & { connect: ConnectOptions }): Promise<NodeLocks> {
  const opened = new Map<string, OpenedNode>();
  const refusals: string[] = [];
  await Promise.all(specs.map(async (spec) => {
    let conn: Connection;
    try { conn = await connect(spec, o.connect); } catch (e) {
      opened.set(spec.name, { error: e instanceof Unreachable ? e : new Unreachable(spec.name, (e as Error).message) });
      return;
    }
    try {
      opened.set(spec.name, { conn: lockedConnection(conn, await holdNodeLock(conn, spec, o)) });
    } catch (e) {
      await conn.close();
      if (e instanceof NodeLockRefused) refusals.push(...e.problems);
      else opened.set(spec.name, { error: e instanceof Unreachable ? e : new Unreachable(spec.name, `taking the node lock: ${(e as Error).message}`) });
    }
  }));
  const release = async (): Promise<void> => {
    await Promise.all([...opened.values()].map((n) => ('conn' in n ? n.conn.close() : Promise.resolve())));
  };
  if (refusals.length) {
    await release();
    throw new NodeLockRefused(refusals);
  }
  return { opened, release };
}
