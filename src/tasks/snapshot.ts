// Snapshots: taken once; never deleted or moved (clones are based on the template snapshot).
import { guestOf } from './facts.js';
import { create, none, type TaskDef } from './types.js';

export interface SnapshotParams { vmid: string; name: string }

export function snapshotTask(kind: 'lxc' | 'vm'): TaskDef<SnapshotParams> {
  const label = kind === 'lxc' ? 'CT' : 'VM';
  return {
    name: `${kind}.snapshot`,
    mutates: true,
    title: (p) => `${label} ${p.vmid}: snapshot ${p.name}`,
    check(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      return g.snapshots.includes(p.name) ? none('exists') : create(`snapshot ${p.name}`);
    },
    async apply(ctx, p) {
      await ctx.run([kind === 'lxc' ? 'pct' : 'qm', 'snapshot', p.vmid, p.name]);
      guestOf(ctx.facts, p.vmid)?.snapshots.push(p.name);
    },
  };
}
