// The one topological sort: dependency order of guests and the order of a plan's steps both use it.
import sort from 'toposort';
import { PlanError } from '../errors.js';
import { findCycles } from '../inventory/find-cycles.js';

/** A cycle among the ids: a PlanError naming it in full (`cycle: 900 -> 950 -> 900`, each needing the next). */
export class CycleError extends PlanError {
  constructor(readonly cycle: readonly string[]) { super([`cycle: ${cycle.join(' -> ')}`]); }
}

/**
 * `ids` ordered so that everything an id needs (`needs(id)`; ids not in `ids` are ignored) comes before it:
 * `toposort.array`, given every id (so none is dropped) and the edges `[need, id]`. It is stable where the
 * input already is an order: it walks the ids from the last one and places each after what it leads to, so an
 * order that satisfies `needs` comes back unchanged. Duplicates count once. A cycle is named in full.
 */
export function toposort(ids: readonly string[], needs: (id: string) => readonly string[]): string[] {
  const order = [...new Set(ids)];
  const position = new Map<string, number>();
  for (let i = 0; i < order.length; i++) position.set(order[i]!, i);
  // Already an order (every need placed before its dependant, which no cycle allows): what toposort would return,
  // found without building the library's edge list and maps (a 50 000-guest plan has 250 000 steps).
  if (isOrdered(order, position, needs)) return order;
  const edges: [string, string][] = [];
  for (const id of order) for (const d of new Set(needs(id))) if (position.has(d)) edges.push([d, id]);
  try {
    return sort.array(order, edges);
  } catch {
    const edgesOf = new Map(order.map((id) => [id, needs(id).filter((d) => position.has(d))]));
    throw new CycleError(findCycles(edgesOf)[0] ?? order);
  }
}

/** Does every id come after each of its needs that is in `position` (ids elsewhere are ignored)? */
export function isOrdered(order: readonly string[], position: ReadonlyMap<string, number>, needs: (id: string) => readonly string[]): boolean {
  for (let i = 0; i < order.length; i++) {
    for (const d of needs(order[i]!)) {
      const at = position.get(d);
      if (at !== undefined && at >= i) return false;
    }
  }
  return true;
}
