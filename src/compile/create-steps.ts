// PURE: the create/converge steps of a set of guests (create, LetsGo): the node checks and OS templates first
// (node-needs.ts), then each guest's chain after its prerequisites' last steps. A guest that is not a target, only
// pulled in for one, is marked as a prerequisite: converged only as far as the targets need it (plan.ts
// `Prerequisite`, prerequisite-gate.ts) — after `stop 900`, `create 917` leaves 900 stopped.
import type { Guest, Model } from '../inventory/model.js';
import { closure, prerequisites } from './graph.js';
import type { ChainOptions } from './lxc-chain.js';
import { nodeNeeds } from './node-needs.js';
import { dependencyOrder } from './order.js';
import type { Prerequisite, Step } from './plan.js';
import { createChain } from './steps.js';

/** What a guest's build leaves behind when it ran to the end: its template snapshot or conversion, its records. */
function prerequisiteOf(g: Guest, of: string[]): Prerequisite {
  const built = !g.isTemplate;
  return {
    of,
    ...(built && g.templateSnapshot !== undefined ? { snapshot: g.templateSnapshot } : {}),
    ...(g.kind === 'vm' && g.isTemplate ? { template: true } : {}),
    ...(built && g.features.length ? { features: [...g.features] } : {}),
    ...(built && g.kind === 'lxc' && g.config.application_script ? { app: true } : {}),
  };
}

/** For each guest of the closure, the targets that need it. */
function neededBy(model: Model, targets: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of targets) {
    for (const id of closure(model.guests, [t])) {
      const l = out.get(id);
      if (l) l.push(t);
      else out.set(id, [t]);
    }
  }
  return out;
}

/** The steps that converge `targets` and everything they need, in a valid topological order. */
export function createSteps(model: Model, targets: readonly string[], chainOpts: ChainOptions): Step[] {
  const ids = closure(model.guests, targets);
  const order = dependencyOrder(model.guests, ids);
  const guests = order.map((id) => model.guests.get(id)!);
  const needs = nodeNeeds(model, guests);
  const isTarget = new Set(targets);
  // only guests pulled in for a target carry the targets that need them
  const users = ids.size > isTarget.size ? neededBy(model, targets) : new Map<string, string[]>();
  const steps: Step[] = [...needs.steps];
  const last = new Map<string, string>();
  for (const g of guests) {
    const after = [...prerequisites(model.guests, g.id).map((p) => last.get(p)).filter((x): x is string => !!x), ...needs.before(g)];
    const chain = createChain(model, g, after, chainOpts);
    if (!isTarget.has(g.id)) {
      const mark = prerequisiteOf(g, (users.get(g.id) ?? []).filter((t) => t !== g.id));
      for (const s of chain) s.prerequisite = mark;
    }
    steps.push(...chain);
    last.set(g.id, chain[chain.length - 1]!.id);
  }
  return steps;
}
