// The human view of a plan (dry-run): one line per step, in order, with what it waits for; columns as wide as the
// longest step id and node name, so they stay aligned.
import { alignRows } from './columns.js';
import type { Plan } from './plan.js';

export function describePlan(plan: Plan): string[] {
  const lines = [`Plan '${plan.verb}'${plan.targets.length ? ` for ${plan.targets.join(', ')}` : ''}: ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}`];
  for (const n of plan.notes ?? []) lines.push(`  note: ${n}`);
  const digits = String(plan.steps.length).length;
  const rows = plan.steps.map((s, i) => [`${String(i + 1).padStart(digits)}. ${s.id}`, `on ${s.node}`, s.after.length ? `after ${s.after.join(', ')}` : '']);
  for (const row of alignRows(rows)) lines.push(`  ${row}`);
  return lines;
}
