// Facts in, commands out: node facts from a compact description, and the plan a task makes from them.
import type { GuestFacts, NodeFacts } from '../../src/tasks/facts.js';
import type { Command, PlanEnv, TaskDef, TaskPlan } from '../../src/tasks/types.js';

export type GuestSketch = Partial<Omit<GuestFacts, 'vmid'>>;

export function factsFrom(guests: Record<string, GuestSketch>, node = 'pve'): NodeFacts {
  const map = new Map<string, GuestFacts>();
  for (const [vmid, g] of Object.entries(guests)) {
    map.set(vmid, { vmid, type: 'lxc', node, status: 'stopped', template: false, config: {}, rawLxc: [], pending: {}, snapshots: [], description: '', ...g });
  }
  return { node, pveNode: node, guests: map, source: 'files', images: [], paths: { pveRoot: '/etc/pve', hostRoot: '/', imageDir: '/var/lib/vz/template/iso' } };
}

/** A plan env for tests: secrets resolve to `value-of-<ref>`. */
export function planEnv(over: Partial<PlanEnv> = {}): PlanEnv {
  return { changedBefore: false, check: false, secret: (ref) => `value-of-${ref.$secret}`, ...over };
}

/** The plan of `task` for `params` on `facts`. */
export function planOf<P>(task: TaskDef<P>, facts: NodeFacts, params: P, env: Partial<PlanEnv> = {}): TaskPlan {
  return task.plan(facts, params, planEnv(env));
}

/** The argv of each planned command (`@node` first when another node runs it). */
export const argvs = (plan: TaskPlan | Command[]): string[][] =>
  (Array.isArray(plan) ? plan : plan.commands).map((c) => (c.on !== undefined ? [`@${c.on}`, ...c.argv] : [...c.argv]));

/** Every argv element of every command, for "this string never appears in argv" assertions. */
export const allArgs = (plan: TaskPlan): string => plan.commands.map((c) => c.argv.join('\u0000')).join('\n');
