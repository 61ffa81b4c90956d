// `npm run bench`: the benchmark of issue 12, one markdown table (ready to paste into README.md) with the date, the
// machine and the command line above it. Rows:
//   1 startup   `phoenix --help` / `--version` vs `node -e 0` (≤ 3×); `validate` on the real configuration (≤ 300 ms)
//   2 plan      `plan LetsGo` for 500 / 5 000 / 50 000 guests: 5 000 ≤ 3× 500 and ≤ 1 s, RSS ≤ 150 MB; 50 000 ≤ 10 s
//   3 noop      no-op `run LetsGo`, 3 000 guests on 10 SSH nodes, 300 ms per tool call: ≤ 3 s, ≤ 2 calls per node
//   4 converge  300 clones on 3 SSH nodes: within 1.05× of the clone-source bound, zero lock errors
// Options:
//   --only <row>               one row (startup|plan|noop|converge, or 1..4); repeatable
//   --latency <ms>             per tool call in rows 3 and 4 (default 300, the issue's figure)
//   --plan-timeout <s>         kill a plan after this long (default 180)
//   --noop-runs <n>            timed no-op runs (default 3)
//   --noop-size 3000x10        guests x nodes of row 3; --converge-size 300x3 of row 4 (smaller: a quick try, not the issue's rows)
//   --compare-original         instead: the old Phoenix-vs-original-baseline table (--scenario 300x3, --skip-baseline-converge)
// `npm run bench` builds first; `node dist/bench/run.js …` runs what is built.
// The simulated nodes of rows 3 and 4 share this machine's two cores with Phoenix; their tool calls are served by the
// simulator's warm worker pool (PVE_SIM_SOCKET, as in the test suite) so that a node's own start-up costs are not
// counted as Phoenix's. PVE_SIM_POOL=0 runs every call as a fresh node process instead.
import { parseArgs } from 'node:util';
import { startPool } from '@phoenix/pve-sim';
import { isSshdAvailable } from '../test/helpers/sshd.js';
import { compareOriginal } from './compare-original.js';
import { convergeRows } from './converge.js';
import { commandLine, cpuProbe, loadLine, machineLine } from './machine.js';
import { noopRows } from './noop-nodes.js';
import { planRows } from './plan-scale.js';
import { startupRows } from './startup.js';
import { markdownTable, type BenchRow } from './table.js';

const ROWS = ['startup', 'plan', 'noop', 'converge'] as const;
type RowName = (typeof ROWS)[number];

const { values: args } = parseArgs({
  options: {
    only: { type: 'string', multiple: true }, latency: { type: 'string' }, 'plan-timeout': { type: 'string' }, 'noop-runs': { type: 'string' },
    'noop-size': { type: 'string' }, 'converge-size': { type: 'string' },
    'compare-original': { type: 'boolean' }, scenario: { type: 'string', multiple: true }, 'skip-baseline-converge': { type: 'boolean' },
  },
});

function positive(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: expected a non-negative number, got '${v}'`);
  return n;
}

function size(name: string, v: string | undefined, fallback: [number, number]): { guests: number; nodes: number } {
  const m = v === undefined ? undefined : /^(\d+)x(\d+)$/.exec(v);
  if (v !== undefined && (!m || Number(m[1]) < 2 || Number(m[2]) < 1)) throw new Error(`--${name}: expected GUESTSxNODES (at least 2 guests), got '${v}'`);
  return m ? { guests: Number(m[1]), nodes: Number(m[2]) } : { guests: fallback[0], nodes: fallback[1] };
}

function selected(): RowName[] {
  if (!args.only) return [...ROWS];
  return args.only.map((o) => {
    const name = /^[1-4]$/.test(o) ? ROWS[Number(o) - 1] : ROWS.find((r) => r === o);
    if (!name) throw new Error(`--only ${o}: expected one of ${ROWS.join(', ')} (or 1..4)`);
    return name;
  });
}

async function main(): Promise<void> {
  const latencyMs = positive('latency', args.latency, 300);
  const started = new Date();
  const header = [`Date: ${started.toISOString()}`, `Machine: ${machineLine()}; ${loadLine()}, ${cpuProbe()} at the start`, `Command: \`${commandLine(process.argv.slice(2))}\``];
  const sshd = isSshdAvailable();
  if (args['compare-original']) {
    const text = await compareOriginal({ latencyMs, scenarios: args.scenario, skipBaselineConverge: args['skip-baseline-converge'] === true, sshd });
    process.stdout.write(`\n${header.join('  \n')}\n\n${text}\n`);
    return;
  }
  const rows: BenchRow[] = [];
  const needsNodes = selected().some((r) => r === 'noop' || r === 'converge');
  // the local runs inherit it, the sshd sessions get it from servers.ts. Enough workers are kept between runs for the
  // calls a run makes at once (the no-op row: two live lists per node, each held for the latency): with the default
  // 16, every 3 000 x 10 no-op run forked fresh workers, whose start-up is CPU of this machine's two cores, which
  // Phoenix's run shares
  const pool = needsNodes && process.env['PVE_SIM_POOL'] !== '0' ? await startPool({ maxIdle: 48 }) : undefined;
  if (pool) process.env['PVE_SIM_SOCKET'] = pool.socket;
  header.push(`Simulated nodes: ${pool ? 'calls served by the simulator\'s warm worker pool' : needsNodes ? 'a fresh node process per call (PVE_SIM_POOL=0)' : 'none'}`);
  for (const row of selected()) {
    if (row === 'startup') rows.push(...await startupRows());
    if (row === 'plan') rows.push(...await planRows({ timeoutS: positive('plan-timeout', args['plan-timeout'], 180) }));
    if (row === 'noop') rows.push(...await noopRows({ ...size('noop-size', args['noop-size'], [3000, 10]), latencyMs, runs: positive('noop-runs', args['noop-runs'], 3), sshd, ...(pool ? { simCpuS: async () => (await pool.stats()).cpuS } : {}) }));
    if (row === 'converge') rows.push(...await convergeRows({ ...size('converge-size', args['converge-size'], [300, 3]), latencyMs, sshd }));
  }
  await pool?.close();
  const took = (Date.now() - started.getTime()) / 1000;
  const failed = rows.filter((r) => r.result === 'FAIL').length;
  process.stdout.write(`\n${[...header, `Took: ${took.toFixed(0)} s; ${loadLine()}, ${cpuProbe()} at the end`].join('  \n')}\n\n${markdownTable(rows)}\n\n`
    + 'Wall times are whole processes (start-up, config load, plan, run), medians of the runs shown after one untimed warm-up '
    + '(none for the 50 000-guest plan; the no-op runs follow their --check gate; the converge runs once). '
    + 'Peak RSS: GNU time\'s %M (the process\'s ru_maxrss).\n'
    + `${failed ? `${failed} row(s) miss their target.` : 'Every row meets its target.'}\n`);
}

await main();
