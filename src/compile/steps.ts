// Per-guest step chains. Step ids are `<guest>:<task>` (a suffix `#<phase>` when a verb uses a task twice).
import { PlanError } from '../errors.js';
import type { Guest, Model } from '../inventory/model.js';
import type { Step } from './plan.js';
import { healthParams, lxcChain } from './lxc-chain.js';
import { scriptRef } from './script-params.js';
import { vmChain } from './vm-chain.js';

export const stepId = (guest: string, task: string, phase?: string, key?: string): string =>
  `${guest}:${task}${key ? `:${key}` : ''}${phase ? `#${phase}` : ''}`;

function step(g: Guest, task: string, params: Record<string, unknown>, after: string[], phase?: string, key?: string): Step {
  return { id: stepId(g.id, task, phase, key), node: g.node, guest: g.id, task, params, after };
}

const kindPrefix = (g: Guest): 'lxc' | 'vm' => g.kind;

/** The create/converge chain of one guest; `after` are the steps its first step waits for. */
export function createChain(model: Model, g: Guest, after: string[]): Step[] {
  const items = g.kind === 'lxc' ? lxcChain(model, g) : vmChain(model, g);
  const chain: Step[] = [];
  for (const it of items) {
    const prev = chain[chain.length - 1];
    chain.push(step(g, it.task, it.params, prev ? [prev.id] : after, undefined, it.key));
  }
  return chain;
}

/** A single-task step for a guest (power, delete, reconfigure). */
export function guestStep(g: Guest, action: 'start' | 'stop' | 'delete', after: string[], phase?: string): Step {
  return step(g, `${kindPrefix(g)}.${action}`, { vmid: g.id }, after, phase);
}

const RECONFIGURE = new Set(['lxc.config', 'lxc.raw-config', 'lxc.firewall', 'lxc.disk', 'lxc.mounts', 'lxc.feature',
  'vm.config', 'vm.disk', 'vm.firewall', 'vm.volumes', 'vm.feature']);

/** reconfigure: configuration and features again on an existing guest; it is never created or started here. */
export function reconfigureSteps(model: Model, g: Guest, after: string[]): Step[] {
  const items = (g.kind === 'lxc' ? lxcChain(model, g) : vmChain(model, g)).filter((it) => RECONFIGURE.has(it.task));
  const chain: Step[] = [];
  for (const it of items) {
    const prev = chain[chain.length - 1];
    const params = /\.config$/.test(it.task) ? { ...it.params, mustExist: true } : it.params;
    chain.push(step(g, it.task, params, prev ? [prev.id] : after, undefined, it.key));
  }
  return chain;
}

/** test: the health check and the `tests` suites (all, or the one named) of a guest, always run. */
export function testSteps(model: Model, g: Guest, suite: string | undefined): Step[] {
  const steps: Step[] = [];
  const c = g.config;
  if (c.health_check && (!suite || suite === 'health')) {
    steps.push(step(g, `${g.kind}.test`, healthParams(model, g, c.health_check, false), [], undefined, 'health'));
  }
  for (const [name, cases] of Object.entries(c.tests ?? {})) {
    if (suite && suite !== name) continue;
    for (const t of cases) {
      const rel = `tests/${t.path}`;
      const ref = scriptRef(model, rel, g, `test ${t.name}`);
      steps.push(step(g, `${g.kind}.test`, {
        vmid: g.id, kind: g.kind, name: `${name}/${t.name}`, argv: [t.path],
        script: { path: rel, sha256: ref.sha256, dest: `/var/lib/phoenix/${rel}` }, retries: 1, intervalS: 0, onlyAfterChange: false,
      }, [], undefined, `${name}/${t.path}`));
    }
  }
  return steps;
}

/** test <node>: the hypervisor config's `tests.<suite>[]`, run on that node (PHX-HM-03/04). */
export function hostTestSteps(model: Model, node: string, suite: string | undefined): Step[] {
  const suites = (model.hypervisor.tests ?? {}) as Record<string, { name: string; path: string }[]>;
  const steps: Step[] = [];
  for (const [name, cases] of Object.entries(suites)) {
    if (suite && suite !== name) continue;
    if (!Array.isArray(cases)) continue;
    for (const t of cases) {
      const rel = `tests/${t.path}`;
      const f = model.scriptFiles?.[rel];
      if (!f) throw new PlanError([`hypervisor test ${name}/${t.name}: script ${model.scriptsDir}/${rel} not found`]);
      steps.push({ id: `${node}:host.test:${name}/${t.path}`, node, task: 'host.test', params: { suite: name, name: t.name, script: rel, sha256: f.sha256 }, after: [] });
    }
  }
  if (suite && !steps.length) throw new PlanError([`no hypervisor test suite named '${suite}' (have: ${Object.keys(suites).join(', ') || 'none'})`]);
  return steps;
}
