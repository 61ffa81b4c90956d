// Steps in a valid topological order after edges were added: stable (the original order wherever it is free).
import { PlanError } from '../errors.js';
import type { Step } from './plan.js';
import { CycleError, isOrdered, toposort } from './toposort.js';

export function sortSteps(steps: readonly Step[]): Step[] {
  const position = new Map<string, number>();
  for (let i = 0; i < steps.length; i++) position.set(steps[i]!.id, i);
  const byIndex = (id: string): readonly string[] => steps[position.get(id)!]!.after;
  const ids = steps.map((s) => s.id);
  // the common case (edges added that the order already keeps) costs one pass
  if (position.size === steps.length && isOrdered(ids, position, byIndex)) return [...steps];
  try {
    return toposort(ids, byIndex).map((id) => steps[position.get(id)!]!);
  } catch (e) {
    if (e instanceof CycleError) throw new PlanError([`internal: the plan's steps form a ${e.problems[0]} (please report this)`]);
    throw e;
  }
}
