// Row 3: a no-op `phoenix run LetsGo` for 3 000 guests over 10 nodes, each a real OpenSSH sshd on 127.0.0.1 with
// the simulator behind it and every tool call costing PVE_SIM_LATENCY_MS. Targets: wall ≤ 3 s, ≤ 2 tool calls per
// node (counted in the simulators' audit logs).
// Converging 3 000 guests first would take hours, so the estate is made converged directly: the template and ONE
// clone are converged by Phoenix (`phoenix create 901`, local nodes, no latency), then the simulator's seedClones
// replicates that clone for the other ids. A `--check` run over SSH must then see nothing to do before timing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAudit, seedClones } from '@phoenix/pve-sim';
import { counts, failureLines, median, runEnd, runPhoenix, type CliRun } from './cli.js';
import { guestId, guestNode, writeEstate, type BenchEstate } from './estate.js';
import { sshServers } from './servers.js';
import { atMost, ms, type BenchRow } from './table.js';

export interface NoopOpts {
  guests: number; nodes: number; latencyMs: number; runs: number; sshd: boolean;
  /** CPU seconds the simulator's pool has used so far (bench/run.ts), to show the nodes' share of the machine. */
  simCpuS?: () => Promise<number>;
}

const auditLengths = (e: BenchEstate): number[] => e.stateDirs.map((d) => { try { return readAudit(d).length; } catch { return 0; } });

/** The estate converged: template and one clone through Phoenix, the rest seeded as replicas of that clone. */
async function converge(e: BenchEstate, o: NoopOpts): Promise<string | undefined> {
  process.stderr.write(`no-op ${o.guests}x${o.nodes}: converging the template and CT ${guestId(1)} through Phoenix…\n`);
  const proto = await runPhoenix(['create', guestId(1), '-c', e.localConfigFile], { PVE_SIM_LATENCY_MS: '0' });
  if (proto.exit !== 0) return `phoenix create ${guestId(1)}: exit ${proto.exit} ${failureLines(proto)}`;
  process.stderr.write(`no-op ${o.guests}x${o.nodes}: seeding ${o.guests - 2} replicas of CT ${guestId(1)}…\n`);
  const t0 = Date.now();
  await seedClones({
    nodes: e.nodes.map((n) => ({ node: n.name, stateDir: n.stateDir, pveDir: e.pveDir })), prototype: guestId(1),
    clones: Array.from({ length: o.guests - 2 }, (_, k) => ({ vmid: guestId(k + 2), node: guestNode(k + 2, o.nodes), hostname: `ct${guestId(k + 2)}` })),
  });
  process.stderr.write(`  seeded in ${ms(Date.now() - t0)}\n`);
  return undefined;
}

/** undefined when the --check run sees nothing to do; else why not. */
function notNoop(r: CliRun): string | undefined {
  const c = counts(r);
  if (r.exit === 0 && !c.pending && !c.changed && !c.failed) return undefined;
  const pending = r.events.filter((x) => x.event === 'task_end' && x.status !== 'ok').slice(0, 3).map((x) => `${String(x.step)} ${String(x.status)}`);
  return `--check: exit ${r.exit}, ${c.pending ?? 0} pending ${pending.join(', ')} ${failureLines(r)}`.trim();
}

export async function noopRows(o: NoopOpts): Promise<BenchRow[]> {
  const what = `no-op \`run LetsGo\`, ${o.guests} guests, ${o.nodes} SSH nodes, ${o.latencyMs} ms per tool call`;
  const rowsFor = (measured: string, wall: number | undefined, perNode: number | undefined, runs: string, calls = measured): BenchRow[] => [
    { id: '3a', what: `${what}: wall`, runs, measured, against: wall === undefined ? '' : ms(wall), target: '≤ 3 s', result: atMost(wall, 3000) },
    { id: '3b', what: `${what}: tool calls per node`, runs, measured: calls, against: perNode === undefined ? '' : String(perNode), target: '≤ 2', result: atMost(perNode, 2) },
  ];
  if (!o.sshd) return rowsFor('skipped: /usr/sbin/sshd is absent', undefined, undefined, '-').map((r) => ({ ...r, result: 'skip' }));
  const dir = mkdtempSync(join(tmpdir(), `phoenix-bench-noop-${o.guests}x${o.nodes}-`));
  const servers = sshServers(o.latencyMs);
  try {
    const e = await writeEstate(dir, o.guests, o.nodes, 'ssh', (env) => servers.start(env));
    const broken = await converge(e, o);
    if (broken) return rowsFor(broken, undefined, undefined, '-');
    process.stderr.write(`no-op ${o.guests}x${o.nodes}: --check over SSH…\n`);
    const check = await runPhoenix(['run', 'LetsGo', '--check', '-c', e.configFile], {});
    const why = notNoop(check);
    if (why) return rowsFor(why, undefined, undefined, '-');
    const walls: number[] = [];
    const inRun: number[] = [];
    const reading: number[] = [];
    const cpu = { phoenix: [] as number[], sshd: [] as number[], sim: [] as number[] };
    let worstPerNode = 0;
    let totalCalls = 0;
    let reads = 0;
    for (let i = 0; i < o.runs; i++) {
      process.stderr.write(`no-op ${o.guests}x${o.nodes}: timed run ${i + 1}/${o.runs}…\n`);
      const before = auditLengths(e);
      const [sshd0, sim0] = [servers.cpuS(), await o.simCpuS?.()];
      const r = await runPhoenix(['run', 'LetsGo', '-c', e.configFile], {});
      const calls = auditLengths(e).map((n, k) => n - before[k]!);
      // the sessions' CPU is counted once sshd has waited for them, a moment after the run's connections close
      await new Promise((res) => setTimeout(res, 500));
      const [sshd1, sim1] = [servers.cpuS(), await o.simCpuS?.()];
      if (r.cpuS !== undefined) cpu.phoenix.push(r.cpuS);
      cpu.sshd.push(sshd1 - sshd0);
      if (sim0 !== undefined && sim1 !== undefined) cpu.sim.push(sim1 - sim0);
      if (r.exit !== 0 || counts(r).changed) return rowsFor(`run ${i + 1}: exit ${r.exit}, ${counts(r).changed ?? 0} changed ${failureLines(r)}`, undefined, undefined, '-');
      walls.push(r.wallMs);
      inRun.push(Number(runEnd(r)?.duration_ms ?? 0));
      reading.push(Number(runEnd(r)?.state_read_ms ?? 0));
      worstPerNode = Math.max(worstPerNode, ...calls);
      totalCalls = Math.max(totalCalls, calls.reduce((a, b) => a + b, 0));
      // the commands the state read sent per node (run_end.state_reads): one such command may run several tools
      reads = Math.max(reads, ...Object.values((runEnd(r)?.state_reads as Record<string, number> | undefined) ?? {}));
    }
    const wall = median(walls);
    const cpuText = Object.entries({ Phoenix: cpu.phoenix, sshd: cpu.sshd, simulator: cpu.sim }).filter(([, xs]) => xs.length)
      .map(([who, xs]) => `${who} ${median(xs).toFixed(1)}`).join(', ');
    // run_end.state_read_ms: until the LAST node's read was in; the steps of a node already read run meanwhile
    const split = `run ${ms(median(inRun))}, the last node's state read in at ${ms(median(reading))}${cpuText ? `; CPU-s per run: ${cpuText}` : ''}`;
    return rowsFor(`${ms(wall)} whole process (${split})`, wall, worstPerNode, String(o.runs),
      `max ${worstPerNode} (${totalCalls} in all; ${reads} state-read command${reads === 1 ? '' : 's'} per node)`);
  } finally {
    await servers.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}
