// A guest left locked by a create or clone that never finished. PVE writes the lock first and removes it last; a
// worker killed half-way (kill -9, a reboot, a cut ssh session) removes nothing, and every later operation on the
// guest dies in check_lock (`CT is locked (create)`, pve-guest-common src/PVE/AbstractConfig.pm:336 check_lock),
// which no retry outlives. Where each lock comes from:
// - `pct create`: create_and_lock_config writes `lock: create` (AbstractConfig.pm:254; pve-container
//   src/PVE/API2/LXC.pm:419), the worker removes it at the end (LXC.pm:640 remove_lock).
// - `pct clone`: the source gets `disk` (LXC.pm:2035 set_lock), the new CT `create` (:2037, :2128); the new CT's
//   config, with the source's tags, is written before its disks are copied. Both are removed when the clone ends
//   (:2147/:2255 the source's, :2286 the new CT's).
// - `qm create`: `create` (qemu-server src/PVE/API2/Qemu.pm:1374 create_and_lock_config).
// - `qm clone`: the new VM's first config is `lock: clone` alone (Qemu.pm:4615, "qmclone temporary file"); the
//   source is only flocked (Qemu.pm clone_vm `lock_config_shared`), so a VM source keeps no lock.
import type { GuestFacts } from './facts.js';

export type GuestLabel = 'CT' | 'VM';

/** What an interrupted create/clone left on a guest: it is the half-made guest itself, or a clone's source. */
export interface LeftLock { lock: string; role: 'target' | 'source' }

/** The lock an interrupted create or clone left on `g`, if it carries one. */
export function leftLock(g: Pick<GuestFacts, 'type' | 'lock' | 'config'>): LeftLock | undefined {
  const lock = g.lock ?? g.config.lock;
  if (lock === undefined) return undefined;
  if (lock === 'create' || (g.type === 'qemu' && lock === 'clone')) return { lock, role: 'target' };
  if (g.type === 'lxc' && lock === 'disk') return { lock, role: 'source' };
  return undefined;
}

const labelOf = (g: Pick<GuestFacts, 'type'>): GuestLabel => (g.type === 'lxc' ? 'CT' : 'VM');

/** `CT 950 was left locked (create) by an interrupted create or clone; `--recreate` destroys and re-creates it`. */
export function leftLockMessage(g: Pick<GuestFacts, 'vmid' | 'type' | 'lock' | 'config'>, owned: boolean): string {
  const l = leftLock(g);
  const label = labelOf(g);
  if (!l) return `${label} ${g.vmid} is not locked`;
  if (l.role === 'source') {
    return `${label} ${g.vmid} was left locked (${l.lock}) by an interrupted clone from it (its data is intact): `
      + `\`pct unlock ${g.vmid}\` removes the lock once no clone of it runs; \`--recreate\` does that`;
  }
  const by = l.lock === 'clone' ? 'an interrupted clone' : g.type === 'qemu' ? 'an interrupted create' : 'an interrupted create or clone';
  const way = owned
    ? '`--recreate` destroys and re-creates it'
    // PVE writes the tags only after the archive is unpacked (pct create) or not at all (qm's temporary clone config)
    : `it carries no Phoenix record yet, so \`--adopt --recreate\` destroys and re-creates it (if no create of it still runs)`;
  return `${label} ${g.vmid} was left locked (${l.lock}) by ${by}; ${way}`;
}
