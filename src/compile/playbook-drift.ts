// A playbook runs only as its configuration compiles it now: same configHash, and every step equal to the step
// the same verb, targets and recorded options compile to (id, node, guest, task, params, after, prerequisite). An edited step
// (a vmid changed in params, a `guest:` removed) is named with the first field that differs.
import { PhoenixError } from '../errors.js';
import type { Model } from '../inventory/model.js';
import { compile } from './compile.js';
import type { Plan, Step } from './plan.js';
import { assertVerb, isVerb, verbSpec } from './targets.js';

/** The `phoenix plan ...` arguments that compile this playbook again (verb, targets, recorded options). */
export function recompileArgs(plan: Plan): string[] {
  const spec = isVerb(plan.verb) ? verbSpec(plan.verb) : undefined;
  // guests verbs: the ids or --all; LetsGo and setup: the ids / nodes of --limit (none recorded: everything)
  const targets = spec?.targets === 'guests' && plan.all ? ['--all'] : plan.targets;
  return [
    'plan', plan.verb, ...targets, ...(plan.suite !== undefined ? ['--suite', plan.suite] : []), ...(plan.wipeDisks ? ['--wipe-disks'] : []),
    ...(plan.applyPending ? ['--apply-pending'] : []), ...(plan.recreate ? ['--recreate'] : []),
  ];
}

/** Why the playbook is not what its configuration compiles now (the first difference), or undefined when it is. */
export function playbookDrift(plan: Plan, model: Model): string | undefined {
  if (!plan.configHash) return 'has no configHash, so it cannot be checked against the configuration';
  if (plan.configHash !== model.hash) return 'compiled from a configuration that has changed since';
  let now: Plan;
  try {
    now = compile(model, assertVerb(plan.verb), {
      ids: plan.targets, all: plan.all ?? false, wipeDisks: plan.wipeDisks ?? false, applyPending: plan.applyPending ?? false,
      ...(plan.suite !== undefined ? { suite: plan.suite } : {}), ...(plan.recreate ? { recreate: true } : {}),
    });
  } catch (e) {
    if (!(e instanceof PhoenixError)) throw e;
    return `does not compile from the configuration: ${e.lines().join('; ')}`;
  }
  const targets = firstDifference(plan.targets, now.targets, 'targets');
  if (targets) return describe(targets);
  const n = Math.max(plan.steps.length, now.steps.length);
  for (let i = 0; i < n; i++) {
    const here = plan.steps[i];
    const there = now.steps[i];
    if (!here) return `/steps/${i}: missing: the configuration compiles ${there!.id} here (${now.steps.length} steps, the playbook has ${plan.steps.length})`;
    if (!there) return `/steps/${i} (${here.id}): the configuration compiles no such step (${now.steps.length} steps, the playbook has ${plan.steps.length})`;
    const d = stepDifference(here, there);
    if (d) return `/steps/${i} (${here.id}): ${describe(d)}`;
  }
  return undefined;
}

interface Difference { path: string; here: unknown; there: unknown }

function stepDifference(here: Step, there: Step): Difference | undefined {
  for (const f of ['id', 'node', 'guest', 'task', 'params', 'after', 'prerequisite'] as const) {
    const d = firstDifference(here[f], there[f], f);
    if (d) return d;
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The first place where two JSON values differ (an absent key and an `undefined` one are the same). */
function firstDifference(here: unknown, there: unknown, path: string): Difference | undefined {
  if (Array.isArray(here) && Array.isArray(there)) {
    for (let i = 0; i < Math.max(here.length, there.length); i++) {
      const d = firstDifference(here[i], there[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isObject(here) && isObject(there)) {
    for (const k of new Set([...Object.keys(there), ...Object.keys(here)])) {
      const d = firstDifference(here[k], there[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(here, there) ? undefined : { path, here, there };
}

function show(v: unknown): string {
  if (v === undefined) return 'absent';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

const describe = (d: Difference): string =>
  `${d.path} is ${show(d.here)} in the playbook, but the configuration compiles ${show(d.there)}`;
