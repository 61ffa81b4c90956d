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
