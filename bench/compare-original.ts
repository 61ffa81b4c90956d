// `npm run bench -- --compare-original`: LetsGo on estates of 30 and 300 guests (one template and its clones) on 1
// and 3 nodes, every Proxmox tool call costing PVE_SIM_LATENCY_MS. For a converging and a no-op run: wall time and
// tool calls, Phoenix side by side with a baseline that calls like the original Bash tool: one Proxmox tool call per
// check (`pct|qm status ID` before a power step, `pct|qm config ID` before any other step of a guest), strictly
// sequential. The baseline sends those calls through the simulator's tools for every step of the compiled plan, in
// order, then runs Phoenix one step at a time (--concurrency 1). Three-node estates run over real OpenSSH sshd.
//   --scenario 300x3 (repeatable)   --skip-baseline-converge
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAudit } from '@phoenix/pve-sim';
import { counts, failureLines, PHOENIX, runEnd, runPhoenix } from './cli.js';
import { writeEstate, type BenchEstate } from './estate.js';
import { cloneBoundMs, lockErrors } from './journal.js';
import { sshServers } from './servers.js';

interface Row { scenario: string; mode: string; run: string; wallS: number; runS: number; boundS?: number; calls: number; callsPerNode: number; mutating: number; lockErrors: number; exit: number; steps: number; stateReadS: number }
interface PlanStep { id: string; node: string; guest?: string; task: string }
export interface CompareOpts { latencyMs: number; scenarios: string[] | undefined; skipBaselineConverge: boolean; sshd: boolean }

/** The compiled plan of the run (`phoenix plan LetsGo --format json`): contacts no node. */
function planSteps(e: BenchEstate): PlanStep[] {
  const r = spawnSync(PHOENIX, ['plan', 'LetsGo', '-c', e.configFile, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`phoenix plan LetsGo: exit ${r.status}\n${r.stderr}`);
  return (JSON.parse(r.stdout) as { steps: PlanStep[] }).steps;
}

/** The call the original made before a step of a guest: its status before power steps, its config before the others. */
function originalCheck(step: PlanStep): string[] | undefined {
  if (step.guest === undefined) return undefined;
  const tool = step.task.startsWith('lxc.') ? 'pct' : 'qm';
  return [tool, /\.(start|stop)$/.test(step.task) ? 'status' : 'config', step.guest];
}

function runTool(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: 'ignore' });
    child.on('error', () => resolve(127));
    child.on('close', (c) => resolve(c ?? 1));
  });
}

/** The baseline's checks: one tool call per step of the plan, in plan order, one at a time, as the step's node. */
async function baselineChecks(e: BenchEstate, latencyMs: number): Promise<number> {
  const steps = planSteps(e);
  const t0 = process.hrtime.bigint();
  for (const step of steps) {
    const argv = originalCheck(step);
    if (argv) await runTool(argv, { ...e.nodeEnv[step.node], PVE_SIM_LATENCY_MS: String(latencyMs) });
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function measure(e: BenchEstate, scenario: string, mode: 'phoenix' | 'baseline', run: 'converge' | 'no-op', latencyMs: number): Promise<Row> {
  const before = e.stateDirs.map((d) => { try { return readAudit(d).length; } catch { return 0; } });
  const checksMs = mode === 'baseline' ? await baselineChecks(e, latencyMs) : 0;
  const r = await runPhoenix(['run', 'LetsGo', '-c', e.configFile, ...(mode === 'baseline' ? ['--concurrency', '1'] : [])], { PVE_SIM_LATENCY_MS: String(latencyMs) });
  const end = runEnd(r);
  const runBound = run === 'converge' && r.journal ? cloneBoundMs(r.journal) : undefined;
  const bound = runBound !== undefined ? runBound + checksMs : undefined;
  const entries = e.stateDirs.flatMap((d, i) => readAudit(d).slice(before[i]));
  if (r.exit !== 0) process.stderr.write(`${scenario} ${mode} ${run}: exit ${r.exit}\n${failureLines(r)}\n`);
  const c = counts(r);
  return {
    scenario, mode, run, exit: r.exit,
    wallS: (checksMs + r.wallMs) / 1000,
    runS: (checksMs + Number(end?.duration_ms ?? 0)) / 1000,
    ...(bound ? { boundS: bound / 1000 } : {}),
    calls: entries.length,
    callsPerNode: entries.length / e.stateDirs.length,
    mutating: entries.filter((x) => x.mutating).length,
    lockErrors: r.journal ? lockErrors(r.journal) : 0,
    steps: (c.ok ?? 0) + (c.changed ?? 0),
    stateReadS: Number(end?.state_read_ms ?? 0) / 1000,
  };
}

function table(rows: Row[]): string {
  const head = ['scenario', 'mode', 'run', 'wall s', 'run / clone bound', 'tool calls', 'calls/node', 'mutating', 'lock errs', 'steps', 'state read s', 'ms/step*', 'exit'];
  const body = rows.map((r) => [r.scenario, r.mode, r.run, r.wallS.toFixed(2), r.boundS ? `${r.runS.toFixed(1)} / ${r.boundS.toFixed(1)} = ${(r.runS / r.boundS).toFixed(2)}x` : '', String(r.calls), r.callsPerNode.toFixed(1), String(r.mutating), String(r.lockErrors),
    String(r.steps), r.stateReadS.toFixed(2), r.run === 'no-op' && r.steps ? (((r.runS - r.stateReadS) * 1000) / r.steps).toFixed(2) : '', String(r.exit)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]): string => `| ${c.map((x, i) => x.padEnd(w[i]!)).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export async function compareOriginal(o: CompareOpts): Promise<string> {
  const scenarios = [{ guests: 30, nodes: 1 }, { guests: 30, nodes: 3 }, { guests: 300, nodes: 1 }, { guests: 300, nodes: 3 }]
    .filter((s) => !o.scenarios || o.scenarios.includes(`${s.guests}x${s.nodes}`));
  const rows: Row[] = [];
  for (const s of scenarios) {
    for (const mode of ['phoenix', 'baseline'] as const) {
      const dir = mkdtempSync(join(tmpdir(), `phoenix-bench-${s.guests}x${s.nodes}-`));
      const servers = sshServers(o.latencyMs);
      try {
        const transport = s.nodes > 1 && o.sshd ? 'ssh' : 'sim';
        const e = await writeEstate(dir, s.guests, s.nodes, transport, (env) => servers.start(env));
        const name = `${s.guests} guests, ${s.nodes} node${s.nodes > 1 ? 's' : ''} (${transport})`;
        const keep = (r: Row): void => { rows.push(r); process.stderr.write(`${JSON.stringify(r)}\n`); };
        process.stderr.write(`${name}: ${mode} converge…\n`);
        if (mode === 'baseline' && o.skipBaselineConverge) await measure(e, name, 'phoenix', 'converge', o.latencyMs);
        else keep(await measure(e, name, mode, 'converge', o.latencyMs));
        process.stderr.write(`${name}: ${mode} no-op…\n`);
        keep(await measure(e, name, mode, 'no-op', o.latencyMs));
      } finally {
        await servers.stopAll();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return [`Phoenix vs the original's way of calling (baseline), PVE_SIM_LATENCY_MS=${o.latencyMs}`, table(rows),
    'wall s: the whole CLI process (start-up, config load, plan, run). run / clone bound: the run against the critical path the one-clone-per-source limit sets (from the journal). * ms/step: (run time - state read) / steps of a no-op run = orchestrator overhead per task (a lower bound: state read is until the last node\'s read was in, and the steps of a node already read run meanwhile).'].join('\n');
}
