// Power and destroy tasks share one shape for CTs (pct) and VMs (qm); each kind has its own file re-exporting one.
import type { GuestType } from './facts.js';
import { guestOf } from './facts.js';
import { none, remove, runs, type TaskDef } from './types.js';

export interface GuestRef { vmid: string }

const tool = (t: GuestType): 'pct' | 'qm' => (t === 'lxc' ? 'pct' : 'qm');
const label = (t: GuestType): string => (t === 'lxc' ? 'CT' : 'VM');
const prefix = (t: GuestType): string => (t === 'lxc' ? 'lxc' : 'vm');

export function startTask(t: GuestType): TaskDef<GuestRef> {
  return {
    name: `${prefix(t)}.start`,
    mutates: true,
    title: (p) => `${label(t)} ${p.vmid}: running`,
    check(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label(t)} ${p.vmid} does not exist on ${facts.node}`);
      if (g.template) return none('template: never started');
      return g.status === 'running' ? none('running') : runs(`start (${g.status})`);
    },
    async apply(ctx, p) {
      await ctx.run([tool(t), 'start', p.vmid], { okIf: /already running/ });
      const g = guestOf(ctx.facts, p.vmid);
      if (g) g.status = 'running';
    },
  };
}

export function stopTask(t: GuestType): TaskDef<GuestRef> {
  return {
    name: `${prefix(t)}.stop`,
    mutates: true,
    title: (p) => `${label(t)} ${p.vmid}: stopped`,
    check(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label(t)} ${p.vmid} does not exist on ${facts.node}`);
      return g.status === 'stopped' ? none('stopped') : runs(`stop (${g.status})`);
    },
    async apply(ctx, p) {
      await ctx.run([tool(t), 'stop', p.vmid], { okIf: /not running/ });
      const g = guestOf(ctx.facts, p.vmid);
      if (g) g.status = 'stopped';
    },
  };
}

export function deleteTask(t: GuestType): TaskDef<GuestRef> {
  return {
    name: `${prefix(t)}.delete`,
    mutates: true,
    title: (p) => `${label(t)} ${p.vmid}: absent`,
    check(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) return none('absent');
      if (g.type !== t) throw new Error(`${p.vmid} on ${facts.node} is a ${label(g.type)}, but the configuration says ${label(t)}`);
      return remove(g.status === 'running' ? 'stop, then destroy' : 'destroy');
    },
    async apply(ctx, p) {
      const g = guestOf(ctx.facts, p.vmid);
      if (g?.status === 'running') await ctx.run([tool(t), 'stop', p.vmid], { okIf: /not running/ });
      await ctx.run([tool(t), 'destroy', p.vmid, '--purge', '1']);
      ctx.facts.guests.delete(p.vmid);
    },
  };
}
