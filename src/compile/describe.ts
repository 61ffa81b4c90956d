// The human view of a plan (dry-run): one line per step, in order, with what it waits for.
import type { Plan } from './plan.js';

export function describePlan(plan: Plan): string[] {
  const lines = [`Plan '${plan.verb}'${plan.targets.length ? ` for ${plan.targets.join(', ')}` : ''}: ${plan.steps.length} steps`];
  for (const n of plan.notes ?? []) lines.push(`  note: ${n}`);
  plan.steps.forEach((s, i) => {
    lines.push(`  ${String(i + 1).padStart(3)}. ${s.id.padEnd(26)} on ${s.node}${s.after.length ? `  after ${s.after.join(', ')}` : ''}`);
  });
  return lines;
}
