// Template snapshot: taken once; never deleted or moved (clones are based on it).
import { guestOf } from '../facts.js';
import { create, none, type TaskDef } from '../types.js';

export interface SnapshotParams { vmid: string; name: string }

export const lxcSnapshot: TaskDef<SnapshotParams> = {
  name: 'lxc.snapshot',
  mutates: true,
  title: (p) => `CT ${p.vmid}: snapshot ${p.name}`,
  check(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) throw new Error(`CT ${p.vmid} does not exist on ${facts.node}`);
    return g.snapshots.includes(p.name) ? none('exists') : create(`snapshot ${p.name}`);
  },
  async apply(ctx, p) {
    await ctx.run(['pct', 'snapshot', p.vmid, p.name]);
    guestOf(ctx.facts, p.vmid)?.snapshots.push(p.name);
  },
};
