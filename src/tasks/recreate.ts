// --recreate: the commands that take an existing guest away so its create step can make it again. Only a guest
// Phoenix owns gets here (the create tasks are `owned`: the runner refuses an untagged one without --adopt).
// - Locked: destroy refuses any lock (pve-container src/PVE/API2/LXC.pm:860 destroy_vm `$early_checks` ->
//   PVE::LXC::Config->check_lock; qemu-server src/PVE/QemuServer.pm:1848 destroy_vm check_lock unless skiplock), so a
//   lock an interrupted create or clone left (./interrupted.ts) is removed first with `pct unlock` / `qm unlock`
//   (AbstractConfig remove_lock). Any other lock (backup, snapshot, migrate, ...) belongs to work that may still run:
//   refused, never taken.
// - Protected (`protection: 1`): destroy dies "can't remove CT/VM N - protection mode enabled" (pve-guest-common
//   src/PVE/AbstractConfig.pm:389 check_protection): refused before anything is sent.
// - HA-managed: its stop would only be queued to the HA manager (../power.ts refuseHa): refused.
// - Running: stopped first (destroy refuses a running guest, LXC.pm:880, Qemu.pm destroy_vm "is running").
// - Without `--purge`: the re-created guest keeps its place in backup and replication jobs (the same id comes back);
//   its ACLs and firewall file go with the destroy whatever (remove_vm_access, remove_vmfw_conf), and the firewall
//   step writes the file again. A guest an interrupted create left has volumes its config never named: destroyed
//   with `--destroy-unreferenced-disks 1` (destroy_lxc_container / destroy_vm `$purge_unreferenced`), or the next
//   create would leave them behind.
import type { GuestFacts, NodeFacts } from './facts.js';
import { leftLock } from './interrupted.js';
import { normBool } from './props.js';
import { cmd, type Command } from './types.js';

/** What `pct unlock` / `qm unlock` says when there is no lock (AbstractConfig.pm:378 remove_lock): already done. */
export const UNLOCKED = 'no lock found trying to remove';

/** The commands that destroy `g` before it is created again; `why` says what makes it need that ("unprivileged 0 -> 1"). */
export function destroyForRecreate(facts: NodeFacts, g: GuestFacts, why: string): Command[] {
  const tool = g.type === 'lxc' ? 'pct' : 'qm';
  const label = g.type === 'lxc' ? 'CT' : 'VM';
  const refuse = (what: string): never => { throw new Error(`${label} ${g.vmid} needs re-creation (${why}), but ${what}`); };
  if (normBool(g.config.protection) === '1') refuse(`it is protected (protection: 1): \`${tool} set ${g.vmid} --protection 0\` first, if it may go`);
  if (facts.haManaged?.includes(g.vmid)) refuse(`it is managed by HA (${g.type === 'lxc' ? 'ct' : 'vm'}:${g.vmid}): remove it from HA first`);
  const lock = g.lock ?? g.config.lock;
  const left = leftLock(g);
  if (lock !== undefined && !left) refuse(`it is locked (${lock}) by work that may still run: wait for it, or unlock it by hand`);
  const out: Command[] = [];
  // okIf: adopting a half-made guest (--adopt) releases its lock already (src/runner/ownership.ts adoptArgv)
  if (left) out.push(cmd([tool, 'unlock', g.vmid], { okIf: UNLOCKED }));
  if (g.status === 'running' || g.status === 'paused') out.push(cmd([tool, 'stop', g.vmid], { okIf: 'not running' }));
  out.push(cmd([tool, 'destroy', g.vmid, ...(left ? ['--destroy-unreferenced-disks', '1'] : [])], { what: `destroy of ${label} ${g.vmid} to re-create it` }));
  return out;
}
