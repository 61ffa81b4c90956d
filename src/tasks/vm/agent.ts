// Guest agent wait, bounded and staged: first the agent answers `ping`, then it can `exec`. The error names the
// stage that timed out. Runs only after something of the VM changed in this run (e.g. it was just started).
import { guestOf } from '../facts.js';
import { none, runs, type TaskDef } from '../types.js';

export interface AgentParams { vmid: string; pingTimeoutS: number; execTimeoutS: number; intervalMs: number }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const vmAgent: TaskDef<AgentParams> = {
  name: 'vm.agent',
  mutates: false,
  title: (p) => `VM ${p.vmid}: guest agent`,
  check(facts, p, env) {
    const g = guestOf(facts, p.vmid);
    if (!g) throw new Error(`VM ${p.vmid} does not exist on ${facts.node}`);
    if (!env?.changedBefore) return none('VM unchanged: agent not awaited');
    return runs('wait for the guest agent');
  },
  async apply(ctx, p) {
    const stage = async (name: string, argv: string[], timeoutS: number, ok: (r: { code: number; stdout: string }) => boolean): Promise<void> => {
      const deadline = Date.now() + timeoutS * 1000;
      let last = '';
      for (;;) {
        const r = await ctx.probe(argv, { timeoutMs: Math.max(1000, Math.min(30_000, deadline - Date.now())) });
        if (ok(r)) return;
        last = r.stderr.trim().split('\n')[0] ?? '';
        if (Date.now() + p.intervalMs > deadline) throw new Error(`VM ${p.vmid}: guest agent stage '${name}' timed out after ${timeoutS}s${last ? `: ${last}` : ''}`);
        await sleep(p.intervalMs);
      }
    };
    await stage('ping', ['qm', 'guest', 'cmd', p.vmid, 'ping'], p.pingTimeoutS, (r) => r.code === 0);
    ctx.log(`VM ${p.vmid}: agent answers ping`);
    await stage('exec', ['qm', 'guest', 'exec', p.vmid, '--', 'true'], p.execTimeoutS, (r) => r.code === 0 && /"exitcode"\s*:\s*0/.test(r.stdout));
  },
};
