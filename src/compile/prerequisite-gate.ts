// A prerequisite is converged only as far as its dependants need it (DESIGN §4 create; issue 11 point 8): a guest
// pulled in for the targets (a clone source, a dependency) that is already built is left as it is — its power
// state, its configuration, its features — and one that is not is built like any target. PURE: the facts and the
// step's `prerequisite` mark decide, the same way in check mode and after an act.
import type { NodeFacts } from '../tasks/facts.js';
import { appliedApp, appliedFeatures, splitTags } from '../tasks/tags.js';
import type { PlanEnv } from '../tasks/types.js';
import type { Prerequisite } from './plan.js';

/**
 * Why the prerequisite `vmid` needs nothing more, or undefined when its step must plan as usual: it is absent, one
 * of its steps already changed something in this run (the build goes on to the end), or its build is unfinished
 * (no template snapshot, not converted to a template, a feature or application script without its record — an
 * interrupted earlier run). A record with another script hash counts: the dependants clone the snapshot as it is.
 */
export function prerequisiteReady(vmid: string, gate: Prerequisite, facts: NodeFacts, env: PlanEnv): string | undefined {
  const g = facts.guests.get(vmid);
  if (!g || env.changedBefore) return undefined;
  if (gate.snapshot !== undefined && !g.snapshots.includes(gate.snapshot)) return undefined;
  if (gate.template && !g.template) return undefined;
  const tags = splitTags(g.config.tags);
  const applied = appliedFeatures(tags);
  if ((gate.features ?? []).some((f) => !applied.has(f.toLowerCase()))) return undefined;
  if (gate.app && appliedApp(tags, vmid) === undefined) return undefined;
  const built = gate.snapshot !== undefined ? `has its snapshot ${gate.snapshot}` : gate.template ? 'is a template' : 'exists';
  return `prerequisite of ${gate.of.join(', ')}: ${built}; left as it is (${g.status})`;
}
