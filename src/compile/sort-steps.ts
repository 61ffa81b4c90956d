// Steps in a valid topological order after edges were added: stable (the original order wherever it is free).
import { PlanError } from '../errors.js';
import type { Step } from './plan.js';
import { CycleError, toposort } from './toposort.js';

export function sortSteps(steps: readonly Step[]): Step[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  try {
    return toposort(steps.map((s) => s.id), (id) => byId.get(id)!.after).map((id) => byId.get(id)!);
  } catch (e) {
    if (e instanceof CycleError) throw new PlanError([`internal: the plan's steps form a ${e.problems[0]} (please report this)`]);
    throw e;
  }
}
