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
  const known = new Set(order);
  const edges: [string, string][] = [];
  for (const id of order) for (const d of new Set(needs(id))) if (known.has(d)) edges.push([d, id]);
  try {
    return sort.array(order, edges);
  } catch {
    const edgesOf = new Map(order.map((id) => [id, needs(id).filter((d) => known.has(d))]));
    throw new CycleError(findCycles(edgesOf)[0] ?? order);
  }
}
