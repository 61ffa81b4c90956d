// Steps in a valid topological order after edges were added: stable (the original order wherever it is free).
import { PlanError } from '../errors.js';
import type { Step } from './plan.js';

export function sortSteps(steps: readonly Step[]): Step[] {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const waiting = new Map(steps.map((s) => [s.id, s.after.filter((a) => index.has(a)).length]));
  const users = new Map<string, Step[]>();
  for (const s of steps) for (const a of s.after) users.set(a, [...(users.get(a) ?? []), s]);
  const ready = steps.filter((s) => waiting.get(s.id) === 0);
  const out: Step[] = [];
  while (ready.length) {
    ready.sort((a, b) => index.get(a.id)! - index.get(b.id)!);
    const s = ready.shift()!;
    out.push(s);
    for (const u of users.get(s.id) ?? []) {
      const n = waiting.get(u.id)! - 1;
      waiting.set(u.id, n);
      if (n === 0) ready.push(u);
    }
  }
  if (out.length !== steps.length) throw new PlanError(['internal: the plan has a cycle (please report this)']);
  return out;
}
