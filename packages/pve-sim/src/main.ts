// Entry point of the simulator executables: `node dist/src/main.js <tool> args...` (the package's bin/<tool>).
import { appendAudit } from './audit.js';
import type { Ctx } from './core/ctx.js';
import { readSimEnv, type SimEnv } from './core/env.js';
import { SimError } from './core/errors.js';
import { ensureInitialised } from './core/init.js';
import { isMutating } from './core/mutating.js';
import { lockStats } from './core/lock.js';

const TOOLS: Record<string, () => Promise<{ run(ctx: Ctx, args: string[]): Promise<number> | number }>> = {
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

async function runTool(env: SimEnv, tool: string, args: string[]): Promise<number> {
  const ctx: Ctx = {
    env,
    tool,
    out: (t) => { process.stdout.write(t); },
    err: (t) => { process.stderr.write(t); },
  };
  const load = TOOLS[tool];
  if (!load) throw new SimError(`pve-sim: unknown tool '${tool}' (known: ${Object.keys(TOOLS).join(' ')})`, 255);
  return (await load()).run(ctx, args);
}

async function main(argv: string[]): Promise<number> {
  const tool = argv[0] ?? '';
  const args = argv.slice(1);
  const started = Date.now();
  let env: SimEnv;
  try {
    env = readSimEnv();
  } catch (e) {
    process.stderr.write(e instanceof SimError ? e.text() : `${String(e)}\n`);
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
      process.stdout.write(f.stdout);
      process.stderr.write(f.stderr);
      code = f.code;
    } else {
      code = await runTool(env, tool, args);
    }
  } catch (e) {
    if (e instanceof SimError) {
      if (e.stdout) process.stdout.write(e.stdout);
      process.stderr.write(e.text());
      code = e.code;
    } else {
      process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
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

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`${String(e)}\n`); process.exitCode = 255; },
);
