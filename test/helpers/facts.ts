// Facts in, commands out: node facts from a compact description, and an ApplyContext that records commands.
import type { GuestFacts, NodeFacts } from '../../src/tasks/facts.js';
import type { ApplyContext } from '../../src/tasks/types.js';

export type GuestSketch = Partial<Omit<GuestFacts, 'vmid'>>;

export function factsFrom(guests: Record<string, GuestSketch>, node = 'pve'): NodeFacts {
  const map = new Map<string, GuestFacts>();
  for (const [vmid, g] of Object.entries(guests)) {
    map.set(vmid, { vmid, type: 'lxc', node, status: 'stopped', template: false, config: {}, rawLxc: [], pending: {}, snapshots: [], description: '', ...g });
  }
  return { node, pveNode: node, guests: map, source: 'files', paths: { pveRoot: '/etc/pve', hostRoot: '/', imageDir: '/var/lib/vz/template/iso' } };
}

export interface Recorder extends ApplyContext { calls: string[][]; logs: string[] }

/** Records every command; `answers` maps a joined argv prefix to a result (default exit 0, no output). */
export function recorder(facts: NodeFacts, answers: Record<string, { code: number; stdout?: string; stderr?: string }> = {}): Recorder {
  const calls: string[][] = [];
  const logs: string[] = [];
  const answer = (argv: readonly string[]) => {
    const key = Object.keys(answers).find((k) => argv.join(' ').startsWith(k));
    const a = key ? answers[key]! : { code: 0 };
    return { code: a.code, stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
  };
  const rec: Recorder = {
    calls,
    logs,
    facts,
    log: (l) => { logs.push(l); },
    async probe(argv) { calls.push([...argv]); return answer(argv); },
    async runOn(node, argv, opts) { return rec.run([`@${node}`, ...argv], opts); },
    async run(argv, opts) {
      calls.push([...argv]);
      const r = answer(argv);
      if (r.code !== 0 && !opts?.okIf?.test(r.stderr)) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
      return r.stdout;
    },
    secret: (ref) => `value-of-${ref.$secret}`,
    async readLocal(path) { return `#!/bin/sh\n# ${path}\n`; },
    async refresh(vmid) { calls.push(['<refresh>', vmid]); return facts.guests.get(vmid); },
  };
  return rec;
}
