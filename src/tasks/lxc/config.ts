// LXC configuration: diff the guest's current config against the desired keys, one `pct set` with only the differences.
import type { LxcSettings } from '../../compile/lxc-params.js';
import { net0String } from '../../compile/lxc-params.js';
import type { GuestFacts } from '../facts.js';
import { guestOf } from '../facts.js';
import { normBool, parseProps, propsDiff } from '../props.js';
import { none, update, type FieldDiff, type TaskDef } from '../types.js';

export type LxcConfigParams = LxcSettings & { mustExist?: boolean };

/** Desired `pct set` options that differ from the current config, as [option, value, diff]. */
export function lxcConfigDiff(g: GuestFacts, p: LxcSettings): { field: string; value: string; from: string | null }[] {
  const c = g.config;
  const out: { field: string; value: string; from: string | null }[] = [];
  const scalar = (field: string, want: string | undefined, have: string | undefined, same = want === have): void => {
    if (want !== undefined && !same) out.push({ field, value: want, from: have ?? null });
  };
  scalar('memory', String(p.memory), c.memory);
  scalar('cores', String(p.cores), c.cores);
  if (p.swap !== undefined) scalar('swap', String(p.swap), c.swap);
  scalar('onboot', p.onboot ? '1' : '0', c.onboot, normBool(c.onboot) === (p.onboot ? '1' : '0'));
  if (p.startup) scalar('startup', p.startup, c.startup, sameProps(c.startup, p.startup));
  if (p.nameserver) scalar('nameserver', p.nameserver, c.nameserver);
  if (p.features) scalar('features', p.features, c.features, sameProps(c.features, p.features, true));
  const haveNet = parseProps(c.net0);
  const firewall = p.net0.firewall ?? normBool(haveNet.firewall) === '1';
  // keep the MAC PVE generated when the configuration names none, so the guest's address never changes
  const hwaddr = p.net0.hwaddr ?? haveNet.hwaddr;
  const wantNet = parseProps(net0String({ ...p.net0, firewall, ...(hwaddr ? { hwaddr } : {}) }));
  const changed = propsDiff(haveNet, wantNet).some((k) => k !== 'firewall')
    || normBool(haveNet.firewall) !== (firewall ? '1' : '0')
    || Object.keys(haveNet).some((k) => !(k in wantNet) && k !== 'firewall');
  if (changed) out.push({ field: 'net0', value: net0String({ ...p.net0, firewall, ...(hwaddr ? { hwaddr } : {}) }), from: c.net0 ?? null });
  return out;
}

function sameProps(have: string | undefined, want: string, boolValues = false): boolean {
  const h = parseProps(have);
  const w = parseProps(want);
  if (Object.keys(h).length !== Object.keys(w).length) return false;
  return Object.entries(w).every(([k, v]) => (boolValues ? normBool(h[k]) === normBool(v) : h[k] === v));
}

export const lxcConfig: TaskDef<LxcConfigParams> = {
  name: 'lxc.config',
  mutates: true,
  title: (p) => `CT ${p.vmid}: configuration`,
  check(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) {
      if (p.mustExist) throw new Error(`CT ${p.vmid} does not exist on ${facts.node}: create it first`);
      return update('after create');
    }
    const d = lxcConfigDiff(g, p);
    if (!d.length) return none();
    const diff: FieldDiff[] = d.map((x) => ({ field: x.field, from: x.from, to: x.value }));
    return update(d.map((x) => `${x.field} ${x.from ?? '(unset)'} -> ${x.value}`).join('; '), diff);
  },
  async apply(ctx, p) {
    const g = guestOf(ctx.facts, p.vmid);
    if (!g) throw new Error(`CT ${p.vmid} does not exist on ${ctx.facts.node}`);
    const d = lxcConfigDiff(g, p);
    if (!d.length) return;
    await ctx.run(['pct', 'set', p.vmid, ...d.flatMap((x) => [`--${x.field}`, x.value])]);
    for (const x of d) g.config[x.field] = x.value;
    if (d.some((x) => x.field === 'net0')) await ctx.refresh(p.vmid);
  },
};
