// Which guests a verb acts on: explicit ids, --all, or every guest for LetsGo.
import { UsageError } from '../errors.js';
import type { Model } from '../inventory/model.js';
import { byId } from './graph.js';

export const VERBS = ['setup', 'create', 'delete', 'start', 'stop', 'restart', 'reconfigure', 'test', 'LetsGo'] as const;
export type Verb = (typeof VERBS)[number];

export const isVerb = (v: string): v is Verb => (VERBS as readonly string[]).includes(v);

/** Verbs that act without targets (every other verb needs ids or --all). */
export const NO_TARGET_VERBS: readonly Verb[] = ['setup', 'LetsGo'];

/** A user-given string as one printable line (control characters escaped). */
const printable = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

export function assertVerb(v: string): Verb {
  if (!isVerb(v)) throw new UsageError(`Error: Invalid verb '${printable(v)}'`);
  return v;
}

export function resolveTargets(model: Model, verb: Verb, ids: readonly string[], all: boolean): string[] {
  if (verb === 'LetsGo') return [...model.guests.keys()].sort(byId);
  if (verb === 'setup') return [];
  if (all) return [...model.guests.keys()].sort(byId);
  if (!ids.length) throw new UsageError(`Error: Verb '${verb}' requires at least one target ID`);
  const isNode = (id: string): boolean => verb === 'test' && id in model.inventory.nodes;
  const unknown = ids.filter((id) => !model.guests.has(id) && !isNode(id));
  if (unknown.length) throw new UsageError(unknown.map((id) => `Error: Target ID '${printable(id)}' not found`).join('\n'));
  return [...new Set(ids)];
}

/** PHX-CU-01..03: LXC vs VM by config membership. */
export function resolveTargetType(model: Model, id: string): 'lxc' | 'vm' | 'unknown' {
  return model.guests.get(id)?.kind ?? 'unknown';
}
