// Snapshots: taken once; never deleted or moved (clones are based on the template snapshot).
import { guestOf } from './facts.js';
import type { GuestKind } from './power.js';
import { obj, str, vmidSchema } from './schema.js';
import { act, cmd, create, noop, type TaskDef } from './types.js';

export interface SnapshotParams { vmid: string; name: string }

export function snapshotTask<K extends GuestKind>(k: K): TaskDef<SnapshotParams, `${K}.snapshot`> {
  const label = k === 'lxc' ? 'CT' : 'VM';
  return {
    name: `${k}.snapshot`,
    // PVE snapshot names: pve-guest-common `pve-configid`-like, `[a-zA-Z][a-zA-Z0-9_\-]*` (PVE/GuestHelpers.pm)
    schema: obj({ vmid: vmidSchema, name: str({ pattern: '^[A-Za-z][A-Za-z0-9_-]{1,39}$' }) }),
    mutates: true,
    reconfigure: false,
    owned: true,
    reread: 'guest',
    guests: (p) => [p.vmid],
    title: (p) => `${label} ${p.vmid}: snapshot ${p.name}`,
    plan(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      if (g.snapshots.includes(p.name)) return noop('exists');
      return act(create(`snapshot ${p.name}`), cmd([k === 'lxc' ? 'pct' : 'qm', 'snapshot', p.vmid, p.name]));
    },
  };
}
