// One simulated call, `<tool> args...`, from argv to exit code: what `node dist/src/main.js` does once per process
// and a pool worker once per connection (pool/worker.ts). The environment and the working directory are the
// process's (a worker sets both to the caller's before it calls this); the streams are `io`'s.
import { appendAudit } from './audit.js';
import type { CallIo } from './core/call-io.js';
import type { Ctx } from './core/ctx.js';
import { readSimEnv, type SimEnv } from './core/env.js';
import { setCurrentUsage, SimError } from './core/errors.js';
import { ensureInitialised } from './core/init.js';
import { isMutating } from './core/mutating.js';
import { lockStats, resetLockStats } from './core/lock.js';

type Tool = { run(ctx: Ctx, args: string[]): Promise<number> | number };

export const TOOLS: Record<string, () => Promise<Tool>> = {
  pct: () => import('./pct/index.js'),
  qm: () => import('./qm/index.js'),
  pvesh: () => import('./pvesh/index.js'),
  pvesm: () => import('./pvesm/index.js'),
  pveam: () => import('./pveam/index.js'),
  zfs: () => import('./zfs/zfs.js'),
  zpool: () => import('./zfs/zpool.js'),
  // host commands Phoenix's setup runs on a node
  systemctl: () => import('./host/systemctl.js'),
  exportfs: () => import('./host/exportfs.js'),
  smbpasswd: () => import('./host/smbpasswd.js'),
  pdbedit: () => import('./host/pdbedit.js'),
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * What a fresh process starts with. Module state that outlives a call: lockStats and the usage line (reset
 * here); the /etc/services and /etc/protocols sets of api/formats-firewall.ts, the compiled-pattern cache of
 * api/perl-regex.ts and the per-schema trees of api/find-handler.ts (functions of the machine's files or of
 * their key alone: kept); the tmp-name counter of core/fsx.ts (kept on purpose: names stay unique per pid).
 */
function resetCallState(): void {
  resetLockStats();
  setCurrentUsage(undefined);
}

async function runTool(env: SimEnv, tool: string, args: string[], io: CallIo): Promise<number> {
  const ctx: Ctx = { env, tool, out: (t) => io.out(t), err: (t) => io.err(t), io };
  const load = TOOLS[tool];
  if (!load) throw new SimError(`pve-sim: unknown tool '${tool}' (known: ${Object.keys(TOOLS).join(' ')})`, 255);
  return (await load()).run(ctx, args);
}

export async function runCall(argv: readonly string[], io: CallIo): Promise<number> {
  resetCallState();
  const tool = argv[0] ?? '';
  const args = argv.slice(1);
  const started = Date.now();
  let env: SimEnv;
  try {
    env = readSimEnv();
  } catch (e) {
    io.err(e instanceof SimError ? e.text() : `${String(e)}\n`);
    return 255;
  }
  let code: number;
  let fault = false;
  try {
    await ensureInitialised(env);
    if (env.latencyMs > 0) await sleep(env.latencyMs);
    // PVE parses and verifies the argv before anything else (RESTHandler.pm cli_handler): refuse what it refuses
    await (await import('./api/sim-hook.js')).assertApiArgs(env, tool, args);
    const { applyFaults } = await import('./core/faults.js');
    const f = await applyFaults(env, [tool, ...args]);
    if (f) {
      fault = true;
      io.out(f.stdout);
      io.err(f.stderr);
      code = f.code;
    } else {
      code = await runTool(env, tool, args, io);
    }
  } catch (e) {
    if (e instanceof SimError) {
      if (e.stdout) io.out(e.stdout);
      io.err(e.text());
      code = e.code;
    } else {
      io.err(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      code = 255;
    }
  }
  appendAudit(env.stateDir, {
    ts: new Date(started).toISOString(),
    node: env.node,
    tool,
    argv: [tool, ...args],
    code,
    mutating: isMutating(tool, args),
    ms: Date.now() - started,
    lockMs: Math.round(lockStats.heldMs * 1000) / 1000,
    lockWaitMs: Math.round(lockStats.waitedMs * 1000) / 1000,
    ...(fault ? { fault: true as const } : {}),
  });
  return code;
}
