// Per-guest step chains. Step ids are `<guest>:<task>` (a suffix `#<phase>` when a verb uses a task twice).
import { PlanError } from '../errors.js';
import type { Guest, Model } from '../inventory/model.js';
import type { ProbeParams } from '../tasks/health.js';
import { DEFAULT_TIMEOUT_S } from '../tasks/bounded-exec.js';
import { interpreterOf } from '../tasks/host-test.js';
import { taskFor } from '../tasks/registry.js';
import type { ChainItem, Step } from './plan.js';
import { hostHealthParams } from './host-script-params.js';
import { healthParams, lxcChain, type ChainOptions } from './lxc-chain.js';
import { scriptRef, scriptTimeoutS } from './script-params.js';
import { vmChain } from './vm-chain.js';

export const stepId = (guest: string, task: string, phase?: string, key?: string): string =>
  `${guest}:${task}${key ? `:${key}` : ''}${phase ? `#${phase}` : ''}`;

/** A guest's step from a chain item: its id, node and display guest added, the item's key dropped. */
function step(g: Guest, it: ChainItem, after: string[], phase?: string): Step {
  // one literal (no rest/spread: a plan of 50 000 guests makes 250 000 of these); id first, as a reader looks for it
  return { id: stepId(g.id, it.task, phase, it.key), node: g.node, guest: g.id, task: it.task, params: it.params, after } as Step;
}

/** The create/converge chain of one guest; `after` are the steps its first step waits for. */
export function createChain(model: Model, g: Guest, after: string[], opts: ChainOptions = {}): Step[] {
  const items = g.kind === 'lxc' ? lxcChain(model, g, opts) : vmChain(model, g, opts);
  const chain: Step[] = [];
  for (const it of items) {
    const prev = chain[chain.length - 1];
    chain.push(step(g, it, prev ? [prev.id] : after));
  }
  return chain;
}

/** A single-task step for a guest (power, delete). */
export function guestStep(g: Guest, action: 'start' | 'stop' | 'delete', after: string[], phase?: string): Step {
  const params = { vmid: g.id };
  const call: ChainItem = g.kind === 'lxc'
    ? (action === 'start' ? { task: 'lxc.start', params } : action === 'stop' ? { task: 'lxc.stop', params } : { task: 'lxc.delete', params })
    : (action === 'start' ? { task: 'vm.start', params } : action === 'stop' ? { task: 'vm.stop', params } : { task: 'vm.delete', params });
  return step(g, call, after, phase);
}

/** reconfigure: configuration and features again on an existing guest; it is never created or started here. */
export function reconfigureSteps(model: Model, g: Guest, after: string[], opts: ChainOptions = {}): Step[] {
  // with --recreate the step that defines the guest comes along, to re-create one that cannot be reconfigured in
  // place (never to create an absent one: mustExist)
  const o: ChainOptions = { ...opts, mustExist: true };
  const keep = (it: ChainItem): boolean => taskFor(it.task).reconfigure || (opts.recreate === true && taskFor(it.task).recreates === true);
  const items = (g.kind === 'lxc' ? lxcChain(model, g, o) : vmChain(model, g, o)).filter(keep);
  const chain: Step[] = [];
  for (const it of items) {
    const prev = chain[chain.length - 1];
    chain.push(step(g, it, prev ? [prev.id] : after));
  }
  return chain;
}

/** test: the health check and the `tests` suites (all, or the one named) of a guest, always run. */
export function testSteps(model: Model, g: Guest, suite: string | undefined): Step[] {
  const steps: Step[] = [];
  const c = g.config;
  const probe = (params: ProbeParams, key: string): ChainItem => (g.kind === 'lxc' ? { task: 'lxc.test', params, key } : { task: 'vm.test', params, key });
  if (c.health_check && (!suite || suite === 'health')) {
    const host = g.kind === 'lxc' ? hostHealthParams(model, g, c.health_check, false) : undefined;
    steps.push(step(g, host ? { task: 'lxc.host-test', params: host, key: 'health' } : probe(healthParams(model, g, c.health_check, false), 'health'), []));
  }
  for (const [name, cases] of Object.entries(c.tests ?? {})) {
    if (suite && suite !== name) continue;
    for (const t of cases) {
      const rel = `tests/${t.path}`;
      const ref = scriptRef(model, rel, g, `test ${t.name}`);
      steps.push(step(g, probe({
        vmid: g.id, kind: g.kind, name: `${name}/${t.name}`, argv: [t.path],
        script: { path: rel, sha256: ref.sha256, dest: `/var/lib/phoenix/${rel}` }, retries: 1, intervalS: 0, onlyAfterChange: false,
        timeoutS: scriptTimeoutS(g, 'tests'),
      }, `${name}/${t.path}`), []));
    }
  }
  return steps;
}

/** test <node>: the hypervisor config's `tests.<suite>[]`, run on that node (PHX-HM-03/04). */
export function hostTestSteps(model: Model, node: string, suite: string | undefined): Step[] {
  const suites = (model.hypervisor.tests ?? {}) as Record<string, { name: string; path: string }[]>;
  // the hypervisor config's `script_timeouts.tests` (schema-checked), else the default
  const bound = (model.hypervisor['script_timeouts'] as { tests?: number } | undefined)?.tests;
  const timeoutS = typeof bound === 'number' ? bound : DEFAULT_TIMEOUT_S.tests;
  const steps: Step[] = [];
  for (const [name, cases] of Object.entries(suites)) {
    if (suite && suite !== name) continue;
    if (!Array.isArray(cases)) continue;
    for (const t of cases) {
      const rel = `tests/${t.path}`;
      const f = model.scriptFiles?.[rel];
      if (!f) throw new PlanError([`hypervisor test ${name}/${t.name}: script ${model.scriptsDir}/${rel} not found`]);
      // the shebang (read with the hash when the configuration was loaded) decides the interpreter on the node; the
      // runner still refuses the script unless its sha256 is the planned one
      const interpreter = interpreterOf(f.firstLine);
      steps.push({ id: `${node}:host.test:${name}/${t.path}`, node, task: 'host.test', params: { suite: name, name: t.name, script: rel, sha256: f.sha256, interpreter, timeoutS }, after: [] });
    }
  }
  if (suite && !steps.length) throw new PlanError([`no hypervisor test suite named '${suite}' (have: ${Object.keys(suites).join(', ') || 'none'})`]);
  return steps;
}
