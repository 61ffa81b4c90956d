// A throw-away simulated node for tests: a fresh state dir and a runner for the real executables of bin/.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAudit, type AuditEntry } from './audit.js';
import { binDir, simEnv } from './node-env.js';

export interface SimResult { code: number; stdout: string; stderr: string }
export interface SimRunOpts { input?: string | Buffer; env?: Record<string, string>; cwd?: string }

export interface SimState {
  /** The state directory (PVE_SIM_DIR). */
  dir: string;
  /** Environment for child processes: PATH with the simulator's bin first, PVE_SIM_DIR, PVE_SIM_NODE, ... */
  env: Record<string, string>;
  /** Run one argv (`['pct','list']`; any program, found on env.PATH) synchronously. */
  run(argv: readonly string[], opts?: SimRunOpts): SimResult;
  /** The same, asynchronously (for concurrency tests). */
  runAsync(argv: readonly string[], opts?: SimRunOpts): Promise<SimResult>;
  /** Entries of the audit log so far. */
  audit(): AuditEntry[];
  cleanup(): void;
}

export interface MakeSimOpts {
  /** PVE_SIM_NODE (default pve). */
  node?: string;
  /** Shared pmxcfs dir (PVE_SIM_PVE_DIR) for multi-node clusters. */
  pveDir?: string;
  /** Use this state dir instead of a fresh temp dir (not removed by cleanup). */
  dir?: string;
  env?: Record<string, string>;
}

export function makeSimState(o: MakeSimOpts = {}): SimState {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'pve-sim-'));
  const env: Record<string, string> = {
    PATH: `${binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    HOME: process.env['HOME'] ?? '/root',
    // a warm worker pool started for the whole test run (pool/start-pool.ts) serves these calls too
    ...(process.env['PVE_SIM_SOCKET'] ? { PVE_SIM_SOCKET: process.env['PVE_SIM_SOCKET'] } : {}),
    ...simEnv({ stateDir: dir, node: o.node ?? 'pve', ...(o.pveDir ? { pveDir: o.pveDir } : {}) }),
    ...o.env,
  };
  const fullEnv = (extra?: Record<string, string>): Record<string, string> => ({ ...env, ...extra });
  return {
    dir,
    env,
    run(argv, opts = {}) {
      const [cmd, ...args] = argv;
      const r = spawnSync(cmd as string, args, { env: fullEnv(opts.env), input: opts.input ?? '', cwd: opts.cwd, encoding: 'utf8' });
      if (r.error) throw r.error;
      return { code: r.status ?? 255, stdout: r.stdout, stderr: r.stderr };
    },
    runAsync(argv, opts = {}) {
      const [cmd, ...args] = argv;
      return new Promise((res, rej) => {
        const child = spawn(cmd as string, args, { env: fullEnv(opts.env), cwd: opts.cwd });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
        child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
        child.on('error', rej);
        child.on('close', (code) => res({ code: code ?? 255, stdout, stderr }));
        // a command that does not read its stdin may have ended before the input is written (EPIPE)
        child.stdin.on('error', () => undefined);
        child.stdin.end(opts.input ?? '');
      });
    },
    audit: () => readAudit(dir),
    cleanup() {
      if (!o.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
