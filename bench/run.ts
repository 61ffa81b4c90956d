// `npm run bench`: LetsGo on estates of 30 and 300 guests (one template and its clones) on 1 and 3 nodes, every
// Proxmox tool call costing PVE_SIM_LATENCY_MS (default 300). For a converging and a no-op run: wall time and tool
// calls, Phoenix side by side with a baseline that calls like the original Bash tool: one Proxmox tool call per check
// (`pct|qm status ID` before a power step, `pct|qm config ID` before any other step of a guest), strictly sequential.
// The baseline is the bench's own: it sends those calls through the simulator's tools for every step of the compiled
// plan, in order, then runs Phoenix one step at a time (--concurrency 1).
// Three-node estates run over real OpenSSH sshd (when /usr/sbin/sshd exists) against one simulated cluster.
//   npm run bench                         all scenarios
//   npm run bench -- --only 300x3 --skip-baseline-converge
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { binDir, readAudit } from '@phoenix/pve-sim';
import { isSshdAvailable, startSshd } from '../test/helpers/sshd.js';
import { repoRoot } from '../test/helpers/fixtures.js';
import { writeEstate, type BenchEstate } from './estate.js';

interface Row { scenario: string; mode: string; run: string; wallS: number; runS: number; boundS?: number; calls: number; callsPerNode: number; mutating: number; lockErrors: number; exit: number; steps: number; stateReadS: number }

const args = parseArgs({ options: { only: { type: 'string', multiple: true }, latency: { type: 'string' }, 'skip-baseline-converge': { type: 'boolean' } } }).values;
const LATENCY = args.latency ?? '300';
const ROOT = repoRoot();

function audits(e: BenchEstate): number[] {
  return e.stateDirs.map((d) => { try { return readAudit(d).length; } catch { return 0; } });
}

const CLI = (): string => join(ROOT, 'dist/src/cli/main.js');

interface PlanStep { id: string; node: string; guest?: string; task: string }

/** The compiled plan of the run (`phoenix plan LetsGo --format json`): contacts no node. */
function planSteps(e: BenchEstate): PlanStep[] {
  const r = spawnSync(process.execPath, [CLI(), 'plan', 'LetsGo', '-c', e.configFile, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
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
async function baselineChecks(e: BenchEstate): Promise<number> {
  const steps = planSteps(e);
  const t0 = process.hrtime.bigint();
  for (const step of steps) {
    const argv = originalCheck(step);
    if (argv) await runTool(argv, { ...e.nodeEnv[step.node], PVE_SIM_LATENCY_MS: LATENCY });
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function runCli(e: BenchEstate, extra: string[]): Promise<{ wallMs: number; exit: number; end: Record<string, unknown> | undefined; stderr: string; journal?: string }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI(), 'run', 'LetsGo', '-c', e.configFile, '--json', ...extra], {
    env: { ...process.env, CI: 'true', PVE_SIM_LATENCY_MS: LATENCY }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  const exit = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const end = out.trim().split('\n').map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return {}; } }).find((x) => x.event === 'run_end');
  const journal = /^Journal: (.+)$/m.exec(err)?.[1];
  return { wallMs, exit, end, stderr: err, ...(journal ? { journal } : {}) };
}

/** Commands that failed on a Proxmox lock (`CT is locked`, `can't lock file … got timeout`), from the journal. */
function lockErrors(journalPath: string): number {
  return readFileSync(journalPath, 'utf8').split('\n').filter((l) => l.includes('"event":"command"') && /is locked|can't lock file/.test(l)).length;
}

/**
 * The critical-path bound of a converge set by the per-source clone limit: clones of one template run one at a time,
 * so no schedule beats (time until the first clone starts) + (sum of the clone calls) + (the last clone's own
 * remaining commands). Read from the run journal.
 */
function cloneBoundMs(journalPath: string): number | undefined {
  const ev = readFileSync(journalPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; ts: string; argv?: string[]; duration_ms?: number; guest?: string; node?: string });
  const t = (x: { ts: string }): number => Date.parse(x.ts);
  const start = ev.find((x) => x.event === 'run_start');
  const clones = ev.filter((x) => x.event === 'command' && x.argv?.[0] === 'pct' && x.argv[1] === 'clone');
  if (!start || !clones.length) return undefined;
  const first = clones[0]!;
  const last = clones[clones.length - 1]!;
  const lastId = last.argv![3]!;
  const lastEnd = t(last);
  const tail = ev.filter((x) => x.event === 'command' && t(x) > lastEnd && x.argv?.includes(lastId)).reduce((a, x) => a + (x.duration_ms ?? 0), 0);
  return (t(first) - (first.duration_ms ?? 0) - t(start)) + clones.reduce((a, x) => a + (x.duration_ms ?? 0), 0) + tail;
}

async function measure(e: BenchEstate, scenario: string, mode: 'phoenix' | 'baseline', run: 'converge' | 'no-op'): Promise<Row> {
  const before = audits(e);
  // the baseline: the original's checks first, then Phoenix strictly sequential
  const checksMs = mode === 'baseline' ? await baselineChecks(e) : 0;
  const r = await runCli(e, mode === 'baseline' ? ['--concurrency', '1'] : []);
  const runBound = run === 'converge' && r.journal ? cloneBoundMs(r.journal) : undefined;
  const bound = runBound !== undefined ? runBound + checksMs : undefined;
  const entries = e.stateDirs.flatMap((d, i) => readAudit(d).slice(before[i]));
  if (r.exit !== 0) process.stderr.write(`${scenario} ${mode} ${run}: exit ${r.exit}\n${r.stderr.split('\n').filter((l) => /FAILED|UNREACHABLE|Error/.test(l)).slice(0, 5).join('\n')}\n`);
  return {
    scenario, mode, run, exit: r.exit,
    wallS: (checksMs + r.wallMs) / 1000,
    runS: (checksMs + Number(r.end?.duration_ms ?? 0)) / 1000,
    ...(bound ? { boundS: bound / 1000 } : {}),
    calls: entries.length,
    callsPerNode: entries.length / e.stateDirs.length,
    mutating: entries.filter((x) => x.mutating).length,
    lockErrors: r.journal ? lockErrors(r.journal) : 0,
    steps: Number((r.end?.counts as Record<string, number> | undefined)?.ok ?? 0) + Number((r.end?.counts as Record<string, number> | undefined)?.changed ?? 0),
    stateReadS: Number(r.end?.state_read_ms ?? 0) / 1000,
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

async function main(): Promise<void> {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
  const scenarios = [{ guests: 30, nodes: 1 }, { guests: 30, nodes: 3 }, { guests: 300, nodes: 1 }, { guests: 300, nodes: 3 }]
    .filter((s) => !args.only || args.only.includes(`${s.guests}x${s.nodes}`));
  const ssh = isSshdAvailable();
  const rows: Row[] = [];
  for (const s of scenarios) {
    for (const mode of ['phoenix', 'baseline'] as const) {
      const dir = mkdtempSync(join(tmpdir(), `phoenix-bench-${s.guests}x${s.nodes}-`));
      const servers: { stop(): Promise<void> }[] = [];
      try {
        const transport = s.nodes > 1 && ssh ? 'ssh' : 'sim';
        const e = await writeEstate(dir, s.guests, s.nodes, transport, async (env) => {
          const server = await startSshd({ env: { ...env, PVE_SIM_LATENCY_MS: LATENCY }, pathPrefix: binDir });
          servers.push(server);
          return server;
        });
        const name = `${s.guests} guests, ${s.nodes} node${s.nodes > 1 ? 's' : ''} (${transport})`;
        process.stderr.write(`${name}: ${mode} converge…\n`);
        const keep = (r: Row): void => { rows.push(r); process.stderr.write(`${JSON.stringify(r)}\n`); };
        if (mode === 'baseline' && args['skip-baseline-converge']) {
          await measure(e, name, 'phoenix', 'converge');
        } else keep(await measure(e, name, mode, 'converge'));
        process.stderr.write(`${name}: ${mode} no-op…\n`);
        keep(await measure(e, name, mode, 'no-op'));
      } finally {
        await Promise.all(servers.map((x) => x.stop()));
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  process.stdout.write(`\nPVE_SIM_LATENCY_MS=${LATENCY}; node ${process.version}; ${new Date().toISOString()}\n${table(rows)}\n`);
  process.stdout.write('wall s: the whole CLI process (start-up, config load, plan, run). run / clone bound: the run against the critical path the one-clone-per-source limit sets (from the journal). * ms/step: (run time - state read) / steps of a no-op run = orchestrator overhead per task.\n');
}

await main();
