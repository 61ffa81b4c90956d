// Per-guest step chains. Step ids are `<guest>:<task>` (a suffix `#<phase>` when a verb uses a task twice).
import type { Guest, Model } from '../inventory/model.js';
import type { Step } from './plan.js';
import { lxcChain } from './lxc-chain.js';
import { lxcSettings } from './lxc-params.js';
import { vmChain } from './vm-chain.js';
import { vmSettings } from './vm-params.js';

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

export function reconfigureSteps(model: Model, g: Guest, after: string[]): Step[] {
  if (g.kind === 'lxc') return [step(g, 'lxc.config', { ...lxcSettings(g), mustExist: true }, after)];
  return [step(g, 'vm.config', { ...vmSettings(model, g), mustExist: true }, after)];
}
