// Start a warm worker pool for the simulator's executables (pool/manager.ts) for as long as this process runs:
// every bin/<tool> call whose environment has PVE_SIM_SOCKET naming its socket is then served by a warm worker
// through lib/pool-client.pl instead of a fresh `node` (the runners of the test suites start one for a whole run).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SimPool {
  /** The socket path (PVE_SIM_SOCKET). */
  socket: string;
  /** The manager's pid. */
  pid: number;
  /** `{ PVE_SIM_SOCKET: socket }`, for the environment of the callers. */
  env: Record<string, string>;
  /** What the pool has done so far. */
  stats(): Promise<PoolStats>;
  /** Stop the pool (it also stops by itself when this process ends). */
  close(): Promise<void>;
}

export interface PoolStats {
  /** Connections handed to a worker (a call the worker refused is counted too: the client then ran node). */
  served: number;
  /** Workers started. */
  forked: number;
  /** CPU seconds used by the manager and its workers. */
  cpuS: number;
}

export interface PoolOpts { minIdle?: number; maxIdle?: number }

const MANAGER = fileURLToPath(new URL('./manager.js', import.meta.url));

export async function startPool(o: PoolOpts = {}): Promise<SimPool> {
  const dir = mkdtempSync(join(tmpdir(), 'pve-sim-pool-'));
  const socket = join(dir, 'sock');
  const child = spawn(process.execPath, [MANAGER, socket, String(o.minIdle ?? 2), String(o.maxIdle ?? 16), 'own-dir'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const lines: string[] = [];
  const waiting: Array<{ res: (l: string) => void; rej: (e: Error) => void }> = [];
  let rest = '';
  child.stdout.on('data', (b: Buffer) => {
    rest += b.toString();
    for (let i = rest.indexOf('\n'); i >= 0; i = rest.indexOf('\n')) {
      const l = rest.slice(0, i);
      rest = rest.slice(i + 1);
      const w = waiting.shift();
      if (w) w.res(l); else lines.push(l);
    }
  });
  let gone: Error | undefined;
  child.once('exit', (code) => {
    gone = new Error(`pve-sim pool: the manager exited (${code})`);
    for (const w of waiting.splice(0)) w.rej(gone);
  });
  const nextLine = (): Promise<string> => new Promise((res, rej) => {
    const l = lines.shift();
    if (l !== undefined) { res(l); return; }
    if (gone) { rej(gone); return; }
    waiting.push({ res, rej });
  });
  const ready = await nextLine();
  if (!ready.startsWith('ready')) throw new Error(`pve-sim pool: ${ready}`);
  // the pool must not keep this process alive: it ends when this process does (manager.ts)
  child.unref();
  (child.stdin as unknown as Socket).unref();
  (child.stdout as unknown as Socket).unref();
  return {
    socket,
    pid: Number(ready.split(' ')[1]),
    env: { PVE_SIM_SOCKET: socket },
    async stats() {
      (child.stdout as unknown as Socket).ref();
      child.stdin.write('stats\n');
      const l = await nextLine();
      (child.stdout as unknown as Socket).unref();
      const n = (k: string): number => Number(new RegExp(`${k} ([\\d.]+)`).exec(l)?.[1] ?? NaN);
      return { served: n('served'), forked: n('forked'), cpuS: n('cpu') };
    },
    async close() {
      child.ref();
      child.stdin.end();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
