// Row 2: `phoenix plan LetsGo -o /dev/null` (as a user writing a playbook) for 500, 5 000 and 50 000 guests (one
// template, the rest its clones, one node): wall time and peak RSS of the process. Targets: 5 000 ≤ 3× the 500-guest
// plan and ≤ 1 s, RSS(5 000) ≤ 150 MB, 50 000 ≤ 10 s without running out of memory. Medians of five for 500 and
// 5 000; 50 000 runs once, killed after `timeoutS`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitReason, PHOENIX, sample, type Sampled } from './cli.js';
import { writeEstate } from './estate.js';
import { atMost, mb, ms, times, type BenchRow } from './table.js';

export interface PlanOpts { timeoutS: number }

interface PlanFigure { s: Sampled; steps: number | undefined; guests: number; runs: number; timedOut: boolean }

async function planOf(guests: number, runs: number, timeoutMs: number): Promise<PlanFigure> {
  const dir = mkdtempSync(join(tmpdir(), `phoenix-bench-plan-${guests}-`));
  try {
    const e = await writeEstate(dir, guests, 1, 'sim', () => Promise.reject(new Error('plan estates have no servers')));
    process.stderr.write(`plan LetsGo, ${guests} guests: ${runs} run(s)…\n`);
    const args = ['plan', 'LetsGo', '-c', e.configFile, '-o', '/dev/null'];
    // the expensive size runs once, without the warm-up run
    const s = await sample(runs, PHOENIX, args, { rss: true, timeoutMs, warmup: runs > 1 });
    const out = s.runs.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
    const steps = Number(/(\d+) steps/.exec(out)?.[1]);
    return { s, steps: Number.isFinite(steps) ? steps : undefined, guests, runs, timedOut: s.timedOut };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const describe = (f: PlanFigure): string => {
  if (f.timedOut) return `killed after ${ms(f.s.ms)}`;
  if (f.s.exit !== 0) return exitReason(f.s);
  return `${ms(f.s.ms)}, ${mb(f.s.rssMb)}, ${f.steps ?? '?'} steps`;
};

const good = (f: PlanFigure): boolean => f.s.exit === 0 && !f.timedOut;

export async function planRows(o: PlanOpts): Promise<BenchRow[]> {
  const timeoutMs = o.timeoutS * 1000;
  const p500 = await planOf(500, 5, timeoutMs);
  const p5k = await planOf(5000, 5, timeoutMs);
  const p50k = await planOf(50000, 1, timeoutMs);
  const ratio = p5k.s.ms / p500.s.ms;
  const what = (n: string): string => `\`phoenix plan LetsGo -o /dev/null\`, ${n} guests`;
  return [
    { id: '2a', what: what('500'), runs: '5', measured: describe(p500), against: '', target: '-', result: good(p500) ? 'info' : 'FAIL' },
    { id: '2b', what: what('5 000'), runs: '5', measured: describe(p5k), against: `${times(ratio)} the 500-guest plan`, target: '≤ 3×', result: good(p5k) && good(p500) ? atMost(ratio, 3) : 'FAIL' },
    { id: '2c', what: what('5 000'), runs: '5', measured: describe(p5k), against: ms(p5k.s.ms), target: '≤ 1 s', result: good(p5k) ? atMost(p5k.s.ms, 1000) : 'FAIL' },
    { id: '2d', what: `${what('5 000')}: peak RSS`, runs: '5', measured: mb(p5k.s.rssMb), against: mb(p5k.s.rssMb), target: '≤ 150 MB', result: good(p5k) ? atMost(p5k.s.rssMb, 150) : 'FAIL' },
    { id: '2e', what: what('50 000'), runs: '1', measured: describe(p50k), against: ms(p50k.s.ms), target: '≤ 10 s, no OOM', result: good(p50k) ? atMost(p50k.s.ms, 10_000) : 'FAIL' },
  ];
}
