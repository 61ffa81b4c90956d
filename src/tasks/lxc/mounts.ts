// Mount points (`zfs_volumes` and bind `mount_points`) as mpN, matched by mount path: a re-run never allocates
// again; a volume smaller than configured grows; a bind's host directory is created with the configured owner.
import { join } from 'node:path';
import { guestOf, type GuestFacts } from '../facts.js';
import { parseProps, sizeMiB } from '../props.js';
import { none, update, type TaskDef } from '../types.js';

export type Mount =
  | { mp: string; kind: 'volume'; storage: string; sizeGb: number }
  | { mp: string; kind: 'bind'; hostPath: string; owner?: { uid: number; gid: number }; readOnly?: boolean };

export interface MountsParams { vmid: string; unprivileged: boolean; mounts: Mount[] }

interface Action { key: string; value?: string; resize?: string; mkdir?: Mount & { kind: 'bind' }; why: string }

function current(g: GuestFacts): Map<string, { key: string; volume: string; size?: string; ro?: string }> {
  const out = new Map<string, { key: string; volume: string; size?: string; ro?: string }>();
  for (const [key, v] of Object.entries(g.config)) {
    if (!/^mp\d+$/.test(key)) continue;
    const p = parseProps(v, 'volume');
    if (p.mp) out.set(p.mp, { key, volume: p.volume ?? '', ...(p.size ? { size: p.size } : {}), ...(p.ro ? { ro: p.ro } : {}) });
  }
  return out;
}

export function mountActions(g: GuestFacts, p: MountsParams): Action[] {
  const have = current(g);
  const used = new Set([...Object.keys(g.config), ...Object.keys(g.pending)].filter((k) => /^mp\d+$/.test(k)));
  const free = (): string => { let i = 0; while (used.has(`mp${i}`)) i++; used.add(`mp${i}`); return `mp${i}`; };
  const actions: Action[] = [];
  for (const m of p.mounts) {
    const h = have.get(m.mp);
    if (m.kind === 'volume') {
      if (!h) actions.push({ key: free(), value: `${m.storage}:${m.sizeGb},mp=${m.mp}`, why: `allocate ${m.storage}:${m.sizeGb}G at ${m.mp}` });
      else if ((sizeMiB(h.size) ?? 0) < m.sizeGb * 1024) actions.push({ key: h.key, resize: `${m.sizeGb}G`, why: `grow ${m.mp} ${h.size ?? '?'} -> ${m.sizeGb}G` });
    } else {
      const value = `${m.hostPath},mp=${m.mp}${m.readOnly ? ',ro=1' : ''}`;
      if (!h) actions.push({ key: free(), value, mkdir: m, why: `bind ${m.hostPath} at ${m.mp}` });
      else if (h.volume !== m.hostPath || (h.ro === '1') !== !!m.readOnly) actions.push({ key: h.key, value, mkdir: m, why: `rebind ${m.mp}: ${h.volume} -> ${m.hostPath}` });
    }
  }
  return actions;
}

export const lxcMounts: TaskDef<MountsParams> = {
  name: 'lxc.mounts',
  mutates: true,
  title: (p) => `CT ${p.vmid}: ${p.mounts.length} mount point(s)`,
  check(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) throw new Error(`CT ${p.vmid} does not exist on ${facts.node}`);
    const a = mountActions(g, p);
    return a.length ? update(a.map((x) => `${x.key}: ${x.why}`).join('; '), a.map((x) => ({ field: x.key, from: g.config[x.key] ?? null, to: x.value ?? x.resize ?? null }))) : none();
  },
  async apply(ctx, p) {
    const g = guestOf(ctx.facts, p.vmid);
    if (!g) throw new Error(`CT ${p.vmid} does not exist`);
    const actions = mountActions(g, p);
    const shift = p.unprivileged ? 100000 : 0;
    for (const a of actions) {
      if (!a.mkdir) continue;
      const dir = join(ctx.facts.paths.hostRoot, a.mkdir.hostPath);
      await ctx.run(['mkdir', '-p', dir]);
      if (a.mkdir.owner) await ctx.run(['chown', `${a.mkdir.owner.uid + shift}:${a.mkdir.owner.gid + shift}`, dir]);
    }
    const sets = actions.filter((a) => a.value);
    if (sets.length) await ctx.run(['pct', 'set', p.vmid, ...sets.flatMap((a) => [`--${a.key}`, a.value!])]);
    for (const a of actions.filter((x) => x.resize)) await ctx.run(['pct', 'resize', p.vmid, a.key, a.resize!], { okIf: /already at specified size/ });
    await ctx.refresh(p.vmid);
  },
};
