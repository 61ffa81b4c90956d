// Cycles in the "needs" graph (clone source + dependencies), each named in full: `900 -> 950 -> 900`.

/** `edges.get(a)` = the ids `a` needs. Returns one cycle per strongly connected component, starting at its smallest id. */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const ids = unordered(edges);
  if (!ids.length) return [];
  ids.sort(numeric);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;

  const strongConnect = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of targets(edges, v)) {
      if (!index.has(w)) { strongConnect(w); low.set(v, Math.min(low.get(v) as number, low.get(w) as number)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      for (;;) { const w = stack.pop() as string; onStack.delete(w); comp.push(w); if (w === v) break; }
      components.push(comp);
    }
  };
  for (const v of ids) if (!index.has(v)) strongConnect(v);

  const cycles: string[][] = [];
  for (const comp of components) {
    const members = new Set(comp);
    const start = [...comp].sort(numeric)[0] as string;
    const selfLoop = targets(edges, start).includes(start);
    if (comp.length === 1 && !selfLoop) continue;
    cycles.push(selfLoop ? [start, start] : pathBack(edges, start, members));
  }
  return cycles.sort((a, b) => numeric(a[0] as string, b[0] as string));
}

/**
 * The ids no topological order can place: what is left after repeatedly taking away the ids nothing left needs
 * (Kahn). Empty for a graph without a cycle, which is the usual configuration, found in one linear pass without the
 * recursion and the sorting of the search below; otherwise the cycles and what needs them, which the search names.
 */
function unordered(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const neededBy = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const [v, needs] of edges) {
    const distinct = new Set(needs.filter((w) => edges.has(w)));
    waiting.set(v, distinct.size);
    for (const w of distinct) {
      const l = neededBy.get(w);
      if (l) l.push(v);
      else neededBy.set(w, [v]);
    }
  }
  const free = [...waiting].filter(([, n]) => n === 0).map(([v]) => v);
  while (free.length) {
    const w = free.pop()!;
    waiting.delete(w);
    for (const v of neededBy.get(w) ?? []) {
      const n = waiting.get(v)! - 1;
      waiting.set(v, n);
      if (n === 0) free.push(v);
    }
  }
  return [...waiting.keys()];
}

function numeric(a: string, b: string): number { return Number(a) - Number(b) || a.localeCompare(b); }

function targets(edges: ReadonlyMap<string, readonly string[]>, v: string): string[] {
  return [...new Set(edges.get(v) ?? [])].filter((w) => edges.has(w)).sort(numeric);
}

/** A path start -> ... -> start inside one component (depth-first, smallest ids first). */
function pathBack(edges: ReadonlyMap<string, readonly string[]>, start: string, members: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const walk = (v: string, path: string[]): string[] | undefined => {
    for (const w of targets(edges, v)) {
      if (!members.has(w)) continue;
      if (w === start) return [...path, w];
      if (seen.has(w)) continue;
      seen.add(w);
      const found = walk(w, [...path, w]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]) ?? [start, start];
}
