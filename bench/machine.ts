// The lines above the table: when, on what, with which command, and how busy the machine was.
import { cpus, loadavg, release } from 'node:os';

export function commandLine(argv: readonly string[]): string {
  const args = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'"'"'`)}'`)).join(' ');
  return process.env.npm_lifecycle_event === 'bench' ? `npm run bench${args ? ` -- ${args}` : ''}` : `node dist/bench/run.js ${args}`.trim();
}

export function machineLine(): string {
  const c = cpus();
  const model = c[0]?.model.trim() ?? 'unknown CPU';
  return `${c.length} × ${model}, Linux ${release()}, node ${process.version}`;
}

/** `load average 7.70 (2 cores: busy)`: the 1-minute load against the number of cores. */
export function loadLine(): string {
  const load = loadavg()[0] ?? 0;
  const n = cpus().length;
  return `load average ${load.toFixed(2)} on ${n} cores${load > n ? ' (busy: other work was running)' : ''}`;
}

let probeSum = 0;

/**
 * `CPU probe 512 ms`: the best of three runs of one fixed loop (5e8 additions). The machine's speed varies from hour
 * to hour (a shared host); the probe, printed at the start and the end, tells two bench runs apart from that.
 */
export function cpuProbe(): string {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    let x = 0;
    for (let i = 0; i < 5e8; i++) x = (x + i) | 0;
    probeSum = x; // kept, so the loop's result is used
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return `CPU probe ${best.toFixed(0)} ms`;
}
