// What a step's task definition says about it: the one way the compiler, the scheduler and the runner learn
// which guests a step touches, which resources it holds and which host facts it needs.
import type { HostQuery } from '../tasks/host/query.js';
import { taskFor, type TaskName } from '../tasks/registry.js';
import type { NodeFacts } from '../tasks/facts.js';
import type { PlanEnv, TaskDef, TaskPlan } from '../tasks/types.js';
import type { Step, StepOf } from './plan.js';
import { prerequisiteReady } from './prerequisite-gate.js';

/** The definition of a step's task, with the step's params typed for it. */
export function defOf<N extends TaskName>(step: StepOf<N>): { def: TaskDef<StepOf<N>['params'], N>; params: StepOf<N>['params'] } {
  return { def: taskFor(step.task), params: step.params };
}

/** The step's plan on `facts`: its task's pure plan function with the step's params (a built prerequisite: nothing). */
export function planOf(step: Step, facts: NodeFacts, env: PlanEnv): TaskPlan {
  const { def, params } = defOf(step);
  const vmid = step.prerequisite ? def.guests(params)[0] : undefined;
  const ready = step.prerequisite && vmid !== undefined ? prerequisiteReady(vmid, step.prerequisite, facts, env) : undefined;
  if (ready !== undefined) return { change: { kind: 'none', detail: ready }, commands: [] };
  return def.plan(facts, params, env);
}

/** Guests the step acts on (its task's `guests(params)`). */
export function guestsOf(step: Step): string[] {
  const { def, params } = defOf(step);
  return def.guests(params);
}

/** Guests whose state the step's plan reads besides its own (a clone's source); given the facts, those it reads now. */
export function sourcesOf(step: Step, facts?: NodeFacts): string[] {
  const { def, params } = defOf(step);
  return def.sources?.(params, facts) ?? [];
}

/** --check: does an update or run pending upstream of its guest leave the step's answer unknown (TaskDef.readsChanges)? */
export function readsChanges(step: Step): boolean {
  const def = taskFor(step.task);
  return def.readsChanges ?? !def.mutates;
}

/**
 * Scheduler keys the step holds while it runs: the total, its node, each guest it touches, and the task's own. A
 * clone holds its source's key (`clone:<source>`, one clone at a time: PVE locks the source for it) instead of a
 * slot of its node: the clones of a source are the critical path of a converge, and a node's slots full of the
 * configuring and starting of earlier clones must not hold the next one back (the clone limit bounds them anyway).
 */
export function resourceKeys(step: Step): string[] {
  const { def, params } = defOf(step);
  const own = def.resources?.(params, step.node) ?? [];
  const lane = own.some((k) => k.startsWith('clone:'));
  return ['total', ...(lane ? [] : [`node:${step.node}`]), ...def.guests(params).map((g) => `guest:${step.node}:${g}`), ...own];
}

/** Host facts the step's plan reads, or undefined when it reads none. */
export function hostQueryOf(step: Step): Partial<HostQuery> | undefined {
  const { def, params } = defOf(step);
  return def.hostQuery?.(params);
}

export const mutates = (step: Step): boolean => taskFor(step.task).mutates;

/** The step's title, from its task ("CT 950: running"). */
export function titleOf(step: Step): string {
  const { def, params } = defOf(step);
  return def.title(params);
}
