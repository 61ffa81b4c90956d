// Orderings: dependency order (toposort, ties by id) and boot order.
import toposort from 'toposort';
import { PlanError } from '../errors.js';
import type { Guests } from './graph.js';
import { byId, prerequisites } from './graph.js';

/**
 * Dependency order of `ids` (prerequisites first). Kahn's algorithm with the ready set kept sorted by id,
 * so ties are stable; `toposort.array` (every node listed, so none is dropped) is the cycle guard.
 */
export function dependencyOrder(guests: Guests, ids: Iterable<string>): string[] {
  const set = new Set(ids);
  const edges: [string, string][] = [];
  for (const id of set) for (const p of prerequisites(guests, id)) if (set.has(p)) edges.push([p, id]);
  try {
    toposort.array([...set], edges);
  } catch (e) {
    throw new PlanError([`cycle in dependencies: ${(e as Error).message}`]);
  }
  const indeg = new Map<string, number>([...set].map((id) => [id, 0]));
  for (const [, to] of edges) indeg.set(to, (indeg.get(to) ?? 0) + 1);
  const ready = [...set].filter((id) => indeg.get(id) === 0).sort(byId);
  const out: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    out.push(id);
    for (const [from, to] of edges) {
      if (from !== id) continue;
      const n = (indeg.get(to) ?? 0) - 1;
      indeg.set(to, n);
      if (n === 0) { ready.push(to); ready.sort(byId); }
    }
  }
  return out;
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
  for (const id of dep) { const k = eff(id); groups.set(k, [...(groups.get(k) ?? []), id]); }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}
