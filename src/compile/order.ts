// Orderings: dependency order (the one toposort, ties by id) and boot order.
import type { Guests } from './graph.js';
import { byId, prerequisites } from './graph.js';
import { toposort } from './toposort.js';

/** Dependency order of `ids` (prerequisites first), ties by id; a cycle is a PlanError naming it in full. */
export function dependencyOrder(guests: Guests, ids: Iterable<string>): string[] {
  return toposort([...new Set(ids)].sort(byId), (id) => prerequisites(guests, id));
}

/** Boot order value; guests without one start last. */
export const bootKey = (guests: Guests, id: string): number => guests.get(id)?.bootOrder ?? Number.MAX_SAFE_INTEGER;

/** Ascending boot order; dependencies before dependants on ties, then by id. */
export function bootOrder(guests: Guests, ids: Iterable<string>): string[] {
  const dep = dependencyOrder(guests, ids);
  const rank = new Map(dep.map((id, i) => [id, i]));
  return [...dep].sort((a, b) => bootKey(guests, a) - bootKey(guests, b) || rank.get(a)! - rank.get(b)!);
}

/** Consecutive groups of equal boot order, in boot order. */
export function bootGroups(guests: Guests, ids: Iterable<string>): string[][] {
  const groups: string[][] = [];
  let last: number | undefined;
  for (const id of bootOrder(guests, ids)) {
    const k = bootKey(guests, id);
    if (k !== last || !groups.length) { groups.push([]); last = k; }
    groups[groups.length - 1]!.push(id);
  }
  return groups;
}

/**
 * Boot groups by effective boot order: a guest's own boot_order, raised to its prerequisites' (it cannot run
 * before what it is cloned from or depends on). Ascending; ties in dependency order.
 */
export function effectiveBootGroups(guests: Guests, ids: Iterable<string>): string[][] {
  const key = new Map<string, number>();
  const eff = (id: string, seen = new Set<string>()): number => {
    const k = key.get(id);
    if (k !== undefined) return k;
    if (seen.has(id)) return bootKey(guests, id);
    seen.add(id);
    // a template is never started: it does not hold its clones back
    const v = Math.max(bootKey(guests, id), ...prerequisites(guests, id).filter((p) => !guests.get(p)?.isTemplate).map((p) => eff(p, seen)));
    key.set(id, v);
    return v;
  };
  const dep = dependencyOrder(guests, ids);
  const groups = new Map<number, string[]>();
  for (const id of dep) {
    const k = eff(id);
    const g = groups.get(k);
    if (g) g.push(id);
    else groups.set(k, [id]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}
