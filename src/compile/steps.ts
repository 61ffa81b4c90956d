// Per-guest step chains. Step ids are `<guest>:<task>` (a suffix `#<phase>` when a verb uses a task twice).
import type { Guest, Model } from '../inventory/model.js';
import type { Step } from './plan.js';
import { lxcCreateParams, lxcSettings } from './lxc-params.js';
import { vmCreateParams, vmSettings } from './vm-params.js';

export const stepId = (guest: string, task: string, phase?: string): string => `${guest}:${task}${phase ? `#${phase}` : ''}`;

function step(g: Guest, task: string, params: Record<string, unknown>, after: string[], phase?: string): Step {
  return { id: stepId(g.id, task, phase), node: g.node, guest: g.id, task, params, after };
}

const kindPrefix = (g: Guest): 'lxc' | 'vm' => g.kind;

/** The create/converge chain of one guest; `after` are the steps its first step waits for. */
export function createChain(model: Model, g: Guest, after: string[]): Step[] {
  const chain: Step[] = [];
  const push = (task: string, params: Record<string, unknown>): void => {
    const prev = chain[chain.length - 1];
    chain.push(step(g, task, params, prev ? [prev.id] : after));
  };
  if (g.kind === 'lxc') {
    push('lxc.create', { ...lxcCreateParams(model, g) });
    push('lxc.config', { ...lxcSettings(g) });
    if (!g.isTemplate) push('lxc.start', { vmid: g.id });
    if (g.templateSnapshot) push('lxc.snapshot', { vmid: g.id, name: g.templateSnapshot });
  } else {
    push('vm.create', { ...vmCreateParams(model, g) });
    push('vm.config', { ...vmSettings(model, g) });
    if (g.isTemplate) push('vm.template', { vmid: g.id });
    else push('vm.start', { vmid: g.id });
  }
  return chain;
}

/** A single-task step for a guest (power, delete, reconfigure). */
export function guestStep(g: Guest, action: 'start' | 'stop' | 'delete', after: string[], phase?: string): Step {
  return step(g, `${kindPrefix(g)}.${action}`, { vmid: g.id }, after, phase);
}

export function reconfigureSteps(model: Model, g: Guest, after: string[]): Step[] {
  if (g.kind === 'lxc') return [step(g, 'lxc.config', { ...lxcSettings(g), mustExist: true }, after)];
  return [step(g, 'vm.config', { ...vmSettings(model, g), mustExist: true }, after)];
}
