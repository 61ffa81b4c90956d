// Power and destroy tasks share one shape for CTs (pct) and VMs (qm).
import type { GuestType, NodeFacts } from './facts.js';
import { guestOf } from './facts.js';
import { obj, vmidSchema } from './schema.js';
import { act, cmd, noop, remove, runs, type TaskDef } from './types.js';

export interface GuestRef { vmid: string }
export type GuestKind = 'lxc' | 'vm';

const type = (k: GuestKind): GuestType => (k === 'lxc' ? 'lxc' : 'qemu');
const tool = (k: GuestKind): 'pct' | 'qm' => (k === 'lxc' ? 'pct' : 'qm');
const label = (k: GuestKind): string => (k === 'lxc' ? 'CT' : 'VM');
const refSchema = obj({ vmid: vmidSchema });
const common = { schema: refSchema, reconfigure: false, guests: (p: GuestRef) => [p.vmid] } as const;

function present(facts: NodeFacts, k: GuestKind, vmid: string) {
  const g = guestOf(facts, vmid);
  if (!g) throw new Error(`${label(k)} ${vmid} does not exist on ${facts.node}`);
  return g;
}

export function startTask<K extends GuestKind>(k: K): TaskDef<GuestRef, `${K}.start`> {
  return {
    ...common,
    name: `${k}.start`,
    mutates: true,
    owned: false,
    reread: 'guest-status',
    title: (p) => `${label(k)} ${p.vmid}: running`,
    plan(facts, p) {
      const g = present(facts, k, p.vmid);
      if (g.template) return noop('template: never started');
      if (g.status === 'running') return noop('running');
      return act(runs(`start (${g.status})`), cmd([tool(k), 'start', p.vmid], { okIf: 'already running' }));
    },
  };
}

export function stopTask<K extends GuestKind>(k: K): TaskDef<GuestRef, `${K}.stop`> {
  return {
    ...common,
    name: `${k}.stop`,
    mutates: true,
    owned: false,
    reread: 'guest-status',
    title: (p) => `${label(k)} ${p.vmid}: stopped`,
    plan(facts, p) {
      const g = present(facts, k, p.vmid);
      if (g.status === 'stopped') return noop('stopped');
      return act(runs(`stop (${g.status})`), cmd([tool(k), 'stop', p.vmid], { okIf: 'not running' }));
    },
  };
}

export function deleteTask<K extends GuestKind>(k: K): TaskDef<GuestRef, `${K}.delete`> {
  return {
    ...common,
    name: `${k}.delete`,
    mutates: true,
    owned: true,
    reread: 'guest',
    title: (p) => `${label(k)} ${p.vmid}: absent`,
    plan(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) return noop('absent');
      if (g.type !== type(k)) throw new Error(`${p.vmid} on ${facts.node} is a ${g.type === 'lxc' ? 'CT' : 'VM'}, but the configuration says ${label(k)}`);
      const destroy = cmd([tool(k), 'destroy', p.vmid, '--purge', '1']);
      if (g.status !== 'running') return act(remove('destroy'), destroy);
      return act(remove('stop, then destroy'), cmd([tool(k), 'stop', p.vmid], { okIf: 'not running' }), destroy);
    },
  };
}
