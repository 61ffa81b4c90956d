// VM configuration: cores, memory, onboot, startup, cloud-init network, agent; `qm cloudinit update` only after a change.
import type { VmSettings } from '../../compile/vm-params.js';
import type { GuestFacts } from '../facts.js';
import { guestOf } from '../facts.js';
import { normBool, parseProps } from '../props.js';
import { none, update, type TaskDef } from '../types.js';

export type VmConfigParams = VmSettings & { mustExist?: boolean; firewall?: boolean };
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

export const vmConfig: TaskDef<VmConfigParams> = {
  name: 'vm.config',
  mutates: true,
  title: (p) => `VM ${p.vmid}: configuration`,
  check(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) {
      if (p.mustExist) throw new Error(`VM ${p.vmid} does not exist on ${facts.node}: create it first`);
      return update('after create');
    }
    const d = vmConfigDiff(g, p);
    if (!d.length) return none();
    return update(d.map((x) => `${x.field} ${x.from ?? '(unset)'} -> ${x.value}`).join('; '), d.map((x) => ({ field: x.field, from: x.from, to: x.value })));
  },
  async apply(ctx, p) {
    const g = guestOf(ctx.facts, p.vmid);
    if (!g) throw new Error(`VM ${p.vmid} does not exist on ${ctx.facts.node}`);
    const d = vmConfigDiff(g, p);
    if (!d.length) return;
    await ctx.run(['qm', 'set', p.vmid, ...d.flatMap((x) => [`--${x.field}`, x.value])]);
    for (const x of d) g.config[x.field] = x.value;
    if (p.cloudinit && d.some((x) => CLOUDINIT.has(x.field))) await ctx.run(['qm', 'cloudinit', 'update', p.vmid]);
  },
};
