// VM configuration: cores, memory, onboot, startup, cloud-init network, agent, and what `qm create` / `qm clone` set
// that `qm set` can change (name, the ownership tag: a VM whose `phoenix` tag is gone is no longer proven Phoenix's,
// ../../runner/ownership.ts); `qm cloudinit update` only after a change.
// Compared with what the VM will have after its next start (current + `[PENDING]`, ../hotplug.ts): a value already
// pending is not sent again; one that `qm set` parks there (a running VM: cores, agent, memory without hotplug
// `memory`) is sent once and said so.
import type { GuestFacts } from '../facts.js';
import { guestOf } from '../facts.js';
import { leftLock, leftLockMessage } from '../interrupted.js';
import { nextConfig, setChange, waitingFields, type FieldChange } from '../pending.js';
import { normBool, parseProps } from '../props.js';
import { bool, str } from '../schema.js';
import { hasOwnerTag, joinTags, OWNER_TAG, splitTags } from '../tags.js';
import { act, cmd, update, type TaskDef } from '../types.js';
import { vmSettingsSchema, type VmSettings } from './params.js';

/** `name`: set by `qm create --name` / `qm clone --name`, kept with `qm set --name`. */
export type VmConfigParams = VmSettings & { mustExist?: boolean; firewall?: boolean; name?: string };

// Cloud-init keys of $confdesc_cloudinit that Phoenix sets: a change to them stays pending in the cloud-init drive
// until `qm cloudinit update` regenerates it (qemu-server PVE/QemuServer.pm cloudinit_pending_properties).
const CLOUDINIT = new Set(['ipconfig0', 'nameserver', 'searchdomain']);

/** Desired `qm set` options that differ in config section `c`. */
function diffAgainst(c: Record<string, string>, p: VmConfigParams): FieldChange[] {
  const out: FieldChange[] = [];
  const add = (field: string, value: string | undefined, same: boolean): void => {
    if (value !== undefined && !same) out.push({ field, value, from: c[field] ?? null });
  };
  add('cores', String(p.cores), c.cores === String(p.cores));
  add('memory', String(p.memory), c.memory === String(p.memory));
  add('onboot', p.onboot ? '1' : '0', normBool(c.onboot) === (p.onboot ? '1' : '0'));
  if (p.startup) add('startup', p.startup, c.startup === p.startup);
  add('agent', '1', normBool(parseProps(c.agent, 'enabled').enabled) === '1');
  if (p.ipconfig0) add('ipconfig0', p.ipconfig0, sameIpconfig(c.ipconfig0, p.ipconfig0));
  if (p.nameserver) add('nameserver', p.nameserver, c.nameserver === p.nameserver);
  if (p.searchdomain) add('searchdomain', p.searchdomain, c.searchdomain === p.searchdomain);
  if (p.firewall !== undefined && c.net0) {
    // keep the NIC (model=MAC, bridge, …) and only flip the firewall flag
    const parts = c.net0.split(',').filter((x) => !x.startsWith('firewall='));
    const want = p.firewall ? [...parts, 'firewall=1'].join(',') : parts.join(',');
    add('net0', want, normBool(parseProps(c.net0).firewall) === (p.firewall ? '1' : '0'));
  }
  if (p.name) add('name', p.name, c.name === p.name);
  // the ownership tag `qm create --tags phoenix` set (a clone inherits it); every other tag is kept as it is
  add('tags', joinTags([...splitTags(c.tags), OWNER_TAG]), hasOwnerTag(c));
  return out;
}

/** Desired `qm set` options that differ from what the VM will have after its next start (current + pending). */
export function vmConfigDiff(g: GuestFacts, p: VmConfigParams): FieldChange[] {
  return diffAgainst(nextConfig(g), p);
}

function sameIpconfig(have: string | undefined, want: string): boolean {
  const h = parseProps(have);
  const w = parseProps(want);
  return Object.keys(h).length === Object.keys(w).length && Object.entries(w).every(([k, v]) => h[k] === v);
}

export const vmConfig: TaskDef<VmConfigParams, 'vm.config'> = {
  name: 'vm.config',
  // qemu-server `name` is a dns-name (the create params' pattern, ./params.ts)
  schema: vmSettingsSchema({ mustExist: bool(), firewall: bool(), name: str({ maxLength: 63, pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$' }) }),
  mutates: true,
  reconfigure: true,
  owned: true,
  reread: 'guest',
  guests: (p) => [p.vmid],
  title: (p) => `VM ${p.vmid}: configuration`,
  plan(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) {
      if (p.mustExist) throw new Error(`VM ${p.vmid} does not exist on ${facts.node}: create it first`);
      return act(update('after create'));
    }
    // half made by a create or clone that never finished: `qm set` would die in check_lock
    if (leftLock(g)) throw new Error(leftLockMessage(g, hasOwnerTag(g.config)));
    const d = vmConfigDiff(g, p);
    const waiting = waitingFields(g, d, () => diffAgainst(g.config, p));
    const change = setChange(g, d, waiting);
    if (!d.length) return { change, commands: [] };
    const commands = [cmd(['qm', 'set', p.vmid, ...d.flatMap((x) => [`--${x.field}`, x.value])])];
    if (p.cloudinit && d.some((x) => CLOUDINIT.has(x.field))) commands.push(cmd(['qm', 'cloudinit', 'update', p.vmid]));
    return act(change, ...commands);
  },
};
