// `connection: local`: commands run on this machine with execFile semantics (argv, no shell), with the node's
// extra PATH directories first and its extra environment (a simulated node is one: its tools first on PATH).
import { spawn } from 'node:child_process';
import { heldInput, type Connection, type ExecOptions, type ExecResult } from '../connection.js';

export interface SpawnOptions { env?: NodeJS.ProcessEnv; cwd?: string }

/** Between the TERM and the KILL of an aborted command's process group. */
const ABORT_GRACE_MS = 5000;

export function spawnArgv(argv: readonly string[], opts: ExecOptions = {}, base: SpawnOptions = {}): Promise<ExecResult> {
  const [cmd, ...args] = argv;
  if (!cmd) return Promise.reject(new Error('empty argv'));
  return new Promise((resolve) => {
    // own process group: a Ctrl-C at the terminal stops Phoenix dispatching, it does not kill a running pct/qm midway
    const child = spawn(cmd, args, { env: { ...(base.env ?? process.env), ...opts.env }, ...(base.cwd !== undefined ? { cwd: base.cwd } : {}), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let aborted = false;
    if (opts.timeoutMs) timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs);
    // abort: TERM to the command's process group (it leads one: detached), KILL after a grace. A PVE CLI tool passes
    // a TERM on to its worker's process group (pve-common src/PVE/RESTEnvironment.pm:450 $tee_worker), whose handler
    // dies "received interrupt" (:566 fork_worker), so the worker's own error handling runs.
    const group = (sig: NodeJS.Signals): void => { try { if (child.pid) process.kill(-child.pid, sig); } catch { /* gone */ } };
    const onAbort = (): void => { aborted = true; group('SIGTERM'); setTimeout(() => group('SIGKILL'), ABORT_GRACE_MS).unref(); };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => { out.push(b); opts.onStdout?.(b); });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined);
    if (opts.holdInput) heldInput(opts.stdin, opts.holdInput).pipe(child.stdin);
    else child.stdin.end(opts.stdin ?? '');
    const finish = (code: number, extra = ''): void => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + extra });
    };
    child.on('error', (e: NodeJS.ErrnoException) => finish(e.code === 'ENOENT' ? 127 : 126, `${cmd}: ${e.message}\n`));
    child.on('close', (code, signal) => finish(
      timedOut ? 124 : aborted ? 130 : code ?? (signal ? 128 : 1),
      timedOut ? `timed out after ${opts.timeoutMs} ms\n` : aborted ? 'phoenix: interrupted; the command was ended\n' : '',
    ));
  });
}

export interface LocalOptions {
  /** Directories put first on PATH (before the PATH of `env`, else of this process). */
  path?: readonly string[];
  /** Working directory of every command (default: this process's). */
  cwd?: string;
}

/** The environment of a local node's commands: this process's, then `env`, then `path` in front of PATH. */
export function localEnv(env: Record<string, string> = {}, path: readonly string[] = []): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (path.length) merged['PATH'] = [...path, ...(merged['PATH'] ? [merged['PATH']] : ['/usr/sbin:/usr/bin:/sbin:/bin'])].join(':');
  return merged;
}

export function createLocalConnection(node: string, env: Record<string, string> = {}, o: LocalOptions = {}): Connection {
  const base: SpawnOptions = { env: localEnv(env, o.path), ...(o.cwd !== undefined ? { cwd: o.cwd } : {}) };
  return {
    node,
    exec: (argv, opts) => spawnArgv(argv, opts, base),
    close: async () => undefined,
  };
}
