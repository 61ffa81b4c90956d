// VM configuration: cores, memory, onboot, startup, cloud-init network, agent; `qm cloudinit update` only after a change.
import type { GuestFacts } from '../facts.js';
import { guestOf } from '../facts.js';
import { normBool, parseProps } from '../props.js';
import { bool } from '../schema.js';
import { act, cmd, noop, update, type TaskDef } from '../types.js';
import { vmSettingsSchema, type VmSettings } from './params.js';

export type VmConfigParams = VmSettings & { mustExist?: boolean; firewall?: boolean };

// Cloud-init keys of $confdesc_cloudinit that Phoenix sets: a change to them stays pending in the cloud-init drive
// until `qm cloudinit update` regenerates it (qemu-server PVE/QemuServer.pm cloudinit_pending_properties).
const CLOUDINIT = new Set(['ipconfig0', 'nameserver', 'searchdomain']);

export function vmConfigDiff(g: GuestFacts, p: VmConfigParams): { field: string; value: string; from: string | null }[] {
  const c = g.config;
  const out: { field: string; value: string; from: string | null }[] = [];
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
  return out;
}

function sameIpconfig(have: string | undefined, want: string): boolean {
  const h = parseProps(have);
  const w = parseProps(want);
  return Object.keys(h).length === Object.keys(w).length && Object.entries(w).every(([k, v]) => h[k] === v);
}

export const vmConfig: TaskDef<VmConfigParams, 'vm.config'> = {
  name: 'vm.config',
  schema: vmSettingsSchema({ mustExist: bool(), firewall: bool() }),
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
    const d = vmConfigDiff(g, p);
    if (!d.length) return noop();
    const commands = [cmd(['qm', 'set', p.vmid, ...d.flatMap((x) => [`--${x.field}`, x.value])])];
    if (p.cloudinit && d.some((x) => CLOUDINIT.has(x.field))) commands.push(cmd(['qm', 'cloudinit', 'update', p.vmid]));
    return act(
      update(d.map((x) => `${x.field} ${x.from ?? '(unset)'} -> ${x.value}`).join('; '), d.map((x) => ({ field: x.field, from: x.from, to: x.value }))),
      ...commands,
    );
  },
};
