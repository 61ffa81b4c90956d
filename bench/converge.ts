// Row 4: a converging `phoenix run LetsGo` of 300 clones of one template over 3 SSH nodes (real sshd, the
// simulator behind each, PVE_SIM_LATENCY_MS per tool call), once. Targets: the run within 1.05× of the clone-source
// bound (clones of one template run one at a time: journal.ts cloneBoundMs), zero lock errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failureLines, runEnd, runPhoenix } from './cli.js';
import { writeEstate } from './estate.js';
import { cloneBoundMs, lockErrors } from './journal.js';
import { sshServers } from './servers.js';
import { atMost, ms, times, type BenchRow } from './table.js';

export interface ConvergeOpts { guests: number; nodes: number; latencyMs: number; sshd: boolean }

export async function convergeRows(o: ConvergeOpts): Promise<BenchRow[]> {
  const what = `converge \`run LetsGo\`, ${o.guests} guests (${o.guests - 1} clones), ${o.nodes} SSH nodes, ${o.latencyMs} ms per tool call`;
  const rows = (measured: string, ratio: number | undefined, bound: string, locks: number | undefined): BenchRow[] => [
    { id: '4a', what: `${what}: run time`, runs: '1', measured, against: ratio === undefined ? bound : `${times(ratio)} the clone bound (${bound})`, target: '≤ 1.05×', result: atMost(ratio, 1.05) },
    { id: '4b', what: `${what}: lock errors`, runs: '1', measured: locks === undefined ? measured : String(locks), against: '', target: '0', result: atMost(locks, 0) },
  ];
  if (!o.sshd) return rows('skipped: /usr/sbin/sshd is absent', undefined, '', undefined).map((r) => ({ ...r, result: 'skip' }));
  const dir = mkdtempSync(join(tmpdir(), `phoenix-bench-converge-${o.guests}x${o.nodes}-`));
  const servers = sshServers(o.latencyMs);
  try {
    const e = await writeEstate(dir, o.guests, o.nodes, 'ssh', (env) => servers.start(env));
    process.stderr.write(`converge ${o.guests}x${o.nodes}: running (one clone at a time per template: minutes)…\n`);
    const r = await runPhoenix(['run', 'LetsGo', '-c', e.configFile], {});
    const end = runEnd(r);
    if (r.exit !== 0 || !r.journal || !end) return rows(`exit ${r.exit} ${failureLines(r)}`.trim(), undefined, '', r.journal ? lockErrors(r.journal) : undefined);
    const runMs = Number(end.duration_ms ?? 0);
    const bound = cloneBoundMs(r.journal);
    const locks = lockErrors(r.journal);
    if (bound === undefined) return rows(`${ms(runMs)}, but the journal shows no clone`, undefined, '', locks);
    return rows(`${ms(runMs)} run (${ms(r.wallMs)} whole process)`, runMs / bound, ms(bound), locks);
  } finally {
    await servers.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}
