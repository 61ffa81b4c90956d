// Health check and test suites: argv run inside the guest (never eval, never a shell string), bounded retries.
// In a converge they run only when something of the guest changed in this run; the `test` verb always runs them.
import { guestOf } from './facts.js';
import { guestExec, pushViaStdin, type GuestKind } from './guest-exec.js';
import { none, runs, type TaskDef } from './types.js';

export interface ProbeParams {
  vmid: string;
  kind: GuestKind;
  name: string;
  /** argv run in the guest; when `script` is set, argv[0] is replaced by the pushed script's path. */
  argv: string[];
  script?: { path: string; sha256: string; dest: string };
  retries: number;
  intervalS: number;
  /** Converge: only after a change of this guest in this run. */
  onlyAfterChange: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function probeTask(kind: GuestKind, what: 'health' | 'test'): TaskDef<ProbeParams> {
  const label = kind === 'lxc' ? 'CT' : 'VM';
  return {
    name: `${kind}.${what}`,
    mutates: false,
    title: (p) => `${label} ${p.vmid}: ${what} ${p.name}`,
    check(facts, p, env) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      if (p.onlyAfterChange && !env?.changedBefore) return none('guest unchanged: not re-checked');
      if (g.status !== 'running') throw new Error(`${label} ${p.vmid} is ${g.status}: cannot run ${what} ${p.name}`);
      return runs(`${what} ${p.name}`);
    },
    async apply(ctx, p) {
      let argv = p.argv;
      if (p.script) {
        await pushViaStdin(ctx, kind, p.vmid, p.script.dest, await ctx.readLocal(p.script.path, p.script.sha256));
        argv = [p.script.dest, ...p.argv.slice(1)];
      }
      let last = '';
      for (let attempt = 1; attempt <= p.retries; attempt++) {
        const r = await guestExec(ctx, kind, p.vmid, argv, { timeoutMs: 10 * 60_000 });
        if (r.code === 0) return;
        last = `exit ${r.code}${(r.stderr || r.stdout).trim() ? `: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ')}` : ''}`;
        if (attempt < p.retries) { ctx.log(`${p.name}: ${last}; retry ${attempt}/${p.retries - 1} in ${p.intervalS}s`); await sleep(p.intervalS * 1000); }
      }
      throw new Error(`${what} ${p.name} failed in ${label} ${p.vmid} after ${p.retries} attempt(s): ${last}`);
    },
  };
}
