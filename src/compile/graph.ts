// One dependency graph over both files: an edge prerequisite -> dependant for clone sources and `dependencies`.
import type { Guest } from '../inventory/model.js';

export type Guests = ReadonlyMap<string, Guest>;

const NONE: readonly string[] = Object.freeze([]);
/** Per guests map (a model's, never changed once built): each guest's list is worked out once (compile asks ~4 times a guest). */
const known = new WeakMap<Guests, Map<string, readonly string[]>>();

/** Direct prerequisites of a guest: its clone source first, then its dependencies (known ids only). Read-only. */
export function prerequisites(guests: Guests, id: string): readonly string[] {
  let byId = known.get(guests);
  if (!byId) { byId = new Map(); known.set(guests, byId); }
  let out = byId.get(id);
  if (out === undefined) { out = direct(guests, id); byId.set(id, out); }
  return out;
}

function direct(guests: Guests, id: string): readonly string[] {
  const g = guests.get(id);
  if (!g) return NONE;
  const out = g.cloneFrom ? [g.cloneFrom] : [];
  for (const d of g.dependencies) if (!out.includes(d)) out.push(d);
  const present = out.filter((x) => guests.has(x));
  return present.length ? Object.freeze(present) : NONE;
}

/** Targets plus everything they transitively need. */
export function closure(guests: Guests, targets: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...targets];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...prerequisites(guests, id));
  }
  return seen;
}

/** Guests that name `id` as clone source or dependency. */
export function dependants(guests: Guests, id: string): string[] {
  return [...guests.values()].filter((g) => g.cloneFrom === id || g.dependencies.includes(id)).map((g) => g.id);
}

export const byId = (a: string, b: string): number => Number(a) - Number(b) || a.localeCompare(b);
