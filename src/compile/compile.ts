// PURE: (model, verb, targets) -> Plan. No host is contacted here.
import { PlanError } from '../errors.js';
import type { Guest, Model } from '../inventory/model.js';
import { closure, dependants } from './graph.js';
import { bootGroups, dependencyOrder, effectiveBootGroups } from './order.js';
import { createSteps } from './create-steps.js';
import { sortSteps } from './sort-steps.js';
import { guestsOf } from './step-def.js';
import { taskFor } from '../tasks/registry.js';
import type { Plan, Step } from './plan.js';
import { setupSteps } from './setup-steps.js';
import type { ChainOptions } from './lxc-chain.js';
import { guestStep, hostTestSteps, reconfigureSteps, testSteps } from './steps.js';
import { resolveTargets, verbSpec, type Verb } from './targets.js';

export interface CompileOptions {
  ids?: readonly string[];
  all?: boolean;
  suite?: string;
  wipeDisks?: boolean;
  /** create, reconfigure, LetsGo: restart running guests with pending changes, in boot order (never templates). */
  applyPending?: boolean;
  /**
   * create, reconfigure, LetsGo: destroy and re-create guests Phoenix owns that cannot be converged in place
   * (immutable-field drift such as unprivileged/arch, or a guest left locked by an interrupted create/clone).
   */
  recreate?: boolean;
}

const guestOf = (model: Model, id: string): Guest => model.guests.get(id)!;

/** Power steps in boot groups: each group waits for the previous one (and for `extraAfter` of its guests). */
function powerSteps(model: Model, ids: string[], action: 'start' | 'stop', after: (id: string) => string[], phase?: string): Step[] {
  let groups = bootGroups(model.guests, ids);
  if (action === 'stop') groups = groups.reverse().map((g) => [...g].reverse());
  const steps: Step[] = [];
  let prev: string[] = [];
  for (const group of groups) {
    const ids2: string[] = [];
    for (const id of group) {
      const s = guestStep(guestOf(model, id), action, [...prev, ...after(id)], phase);
      steps.push(s);
      ids2.push(s.id);
    }
    prev = ids2;
  }
  return steps;
}

/**
 * The steps of the tasks sharing a `bootOrder` key (starts of CTs and VMs together; restarts) wait, boot group by
 * boot group, for the previous group's. Groups use the effective boot order (a guest never starts before its
 * prerequisites, which a converge needs running), so this adds no cycle.
 */
function orderByBoot(model: Model, steps: Step[]): Step[] {
  const kinds = new Map<string, Map<string, Step>>();
  for (const s of steps) {
    const key = taskFor(s.task).bootOrder;
    const guest = guestsOf(s)[0];
    if (key === undefined || guest === undefined) continue;
    const byGuest = kinds.get(key) ?? new Map<string, Step>();
    byGuest.set(guest, s);
    kinds.set(key, byGuest);
  }
  if (!kinds.size) return steps;
  for (const byGuest of kinds.values()) inBootOrder(model, byGuest);
  return sortSteps(steps);
}

/** Each effective boot group's steps (one per guest) wait for the previous group's. */
function inBootOrder(model: Model, byGuest: Map<string, Step>): void {
  let prev: string[] = [];
  for (const group of effectiveBootGroups(model.guests, [...byGuest.keys()])) {
    const here = group.map((g) => byGuest.get(g)!);
    if (prev.length) for (const s of here) s.after = [...new Set([...s.after, ...prev])];
    prev = here.map((s) => s.id);
  }
}

function deleteSteps(model: Model, targets: string[]): Step[] {
  const set = new Set(targets);
  const problems: string[] = [];
  for (const id of targets) {
    const users = dependants(model.guests, id).filter((d) => !set.has(d));
    if (users.length) {
      problems.push(`Error: refusing to delete ${id}: ${users.map((u) => `${u} ${guestOf(model, u).cloneFrom === id ? 'clones from' : 'depends on'} it`).join(', ')} (delete ${users.length > 1 ? 'them' : 'it'} too, or remove ${users.length > 1 ? 'them' : 'it'} from the configuration)`);
    }
  }
  if (problems.length) throw new PlanError(problems);
  const order = dependencyOrder(model.guests, targets).reverse();
  const byGuest = new Map<string, string>();
  const steps: Step[] = [];
  for (const id of order) {
    const after = dependants(model.guests, id).map((d) => byGuest.get(d)).filter((x): x is string => !!x);
    const s = guestStep(guestOf(model, id), 'delete', after);
    byGuest.set(id, s.id);
    steps.push(s);
  }
  return steps;
}

/** The options the verb uses, as the plan records them (a playbook is recompiled with exactly these). */
function recordedOptions(verb: Verb, opts: CompileOptions): Pick<Plan, 'all' | 'suite' | 'wipeDisks' | 'applyPending' | 'recreate'> {
  const used = verbSpec(verb).options;
  return {
    ...(used.includes('all') && opts.all ? { all: true } : {}),
    ...(used.includes('suite') && opts.suite !== undefined ? { suite: opts.suite } : {}),
    ...(used.includes('wipeDisks') && opts.wipeDisks ? { wipeDisks: true } : {}),
    ...(used.includes('applyPending') && opts.applyPending ? { applyPending: true } : {}),
    ...(used.includes('recreate') && opts.recreate ? { recreate: true } : {}),
  };
}

export function compile(model: Model, verb: Verb, opts: CompileOptions = {}): Plan {
  const targets = resolveTargets(model, verb, opts.ids ?? [], opts.all ?? false);
  const notes: string[] = [];
  const nonTemplates = (ids: string[]): string[] => ids.filter((id) => {
    if (!guestOf(model, id).isTemplate) return true;
    notes.push(`${id} is a template: never started or stopped`);
    return false;
  });
  const used = verbSpec(verb).options;
  const chainOpts: ChainOptions = {
    ...(used.includes('applyPending') && opts.applyPending ? { applyPending: true } : {}),
    ...(used.includes('recreate') && opts.recreate ? { recreate: true } : {}),
  };
  const pulledIn = (selected: string[]): void => {
    const chosen = new Set(selected);
    const pulled = [...closure(model.guests, selected)].filter((id) => !chosen.has(id));
    if (pulled.length) notes.push(`prerequisites pulled in: ${dependencyOrder(model.guests, pulled).join(', ')} (built when missing; else left as they are, power state included)`);
  };
  let steps: Step[] = [];
  switch (verb) {
    case 'create':
      pulledIn(targets);
      steps = createSteps(model, targets, chainOpts);
      break;
    case 'LetsGo': {
      // every guest (or those of --limit, and what they need) converged in dependency order; the targets start in
      // boot order as they come up
      const selected = targets.length ? targets : [...model.guests.keys()];
      nonTemplates(selected);
      pulledIn(selected);
      steps = orderByBoot(model, createSteps(model, selected, chainOpts));
      break;
    }
    case 'start': steps = powerSteps(model, nonTemplates(targets), 'start', () => []); break;
    case 'stop': steps = powerSteps(model, nonTemplates(targets), 'stop', () => []); break;
    case 'restart': {
      const ids = nonTemplates(targets);
      const stops = powerSteps(model, ids, 'stop', () => [], 'restart');
      steps = [...stops, ...powerSteps(model, ids, 'start', () => stops.map((s) => s.id), 'restart')];
      break;
    }
    case 'delete': steps = deleteSteps(model, targets); break;
    case 'reconfigure':
      for (const id of dependencyOrder(model.guests, targets)) steps.push(...reconfigureSteps(model, guestOf(model, id), [], chainOpts));
      break;
    case 'test': {
      const nodes = targets.filter((t) => !model.guests.has(t));
      for (const n of nodes) steps.push(...hostTestSteps(model, n, opts.suite));
      const guests = targets.filter((t) => model.guests.has(t));
      for (const id of dependencyOrder(model.guests, guests)) steps.push(...testSteps(model, guestOf(model, id), opts.suite));
      if (!steps.length) notes.push(`no health check or test suite${opts.suite ? ` named '${opts.suite}'` : ''} for ${targets.join(', ')}`);
      break;
    }
    case 'setup':
      steps = setupSteps(model, { wipeDisks: opts.wipeDisks ?? false, ...(targets.length ? { nodes: targets } : {}) });
      break;
  }
  if (chainOpts.applyPending && verb !== 'LetsGo') steps = orderByBoot(model, steps);
  const plan: Plan = { verb, targets, ...recordedOptions(verb, opts), steps, configHash: model.hash };
  if (notes.length) plan.notes = notes;
  return plan;
}
