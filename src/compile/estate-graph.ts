// PURE: the estate (or the guests of a verb's plan) as a graph, written as Mermaid or Graphviz dot text.
// Estate: one cluster per node, a vertex per guest (kind, template, boot order, template snapshot), clone edges
// (source -> clone) and dependency edges (dependency -> dependant), the edges compile/graph.ts orders by.
// Plan: the guests (and hosts) a plan's steps act on, an edge where one's steps wait for another's (reduced to
// the edges no longer path implies): the order the run follows, boot order included.
import type { Model } from '../inventory/model.js';
import { byId, prerequisites } from './graph.js';
import type { Plan } from './plan.js';

export type GraphFormat = 'mermaid' | 'dot';

interface Vertex { id: string; lines: string[]; template: boolean }
interface Edge { from: string; to: string; kind: 'clone' | 'needs' | 'then' }
interface Cluster { label: string; vertices: Vertex[] }
export interface GraphDoc { title: string; clusters: Cluster[]; edges: Edge[] }

const guestVertex = (id: string): string => `g${id}`;

function clustersOf(model: Model, vertices: Map<string, { node: string; v: Vertex }>): Cluster[] {
  const nodes = [...new Set([...Object.keys(model.inventory.nodes), ...[...vertices.values()].map((x) => x.node)])];
  return nodes
    .map((n) => ({ label: `node ${n}`, vertices: [...vertices.values()].filter((x) => x.node === n).map((x) => x.v) }))
    .filter((c) => c.vertices.length);
}

export function estateGraph(model: Model): GraphDoc {
  const vertices = new Map<string, { node: string; v: Vertex }>();
  const edges: Edge[] = [];
  for (const id of [...model.guests.keys()].sort(byId)) {
    const g = model.guests.get(id)!;
    const facts = [g.kind === 'lxc' ? 'CT' : 'VM', ...(g.isTemplate ? ['template'] : []), ...(g.bootOrder !== undefined ? [`boot ${g.bootOrder}`] : []), ...(g.templateSnapshot ? [`snapshot ${g.templateSnapshot}`] : [])];
    vertices.set(id, { node: g.node, v: { id: guestVertex(id), lines: [`${id} ${g.name}`, facts.join(', ')], template: g.isTemplate } });
    for (const p of prerequisites(model.guests, id)) edges.push({ from: guestVertex(p), to: guestVertex(id), kind: p === g.cloneFrom ? 'clone' : 'needs' });
  }
  return { title: 'Phoenix estate: clone sources and dependencies point at the guests that need them', clusters: clustersOf(model, vertices), edges };
}

/** Drop u -> v when v is reachable from u another way (the order stays the same, the picture readable). */
function reduce(edges: Edge[]): Edge[] {
  const out = new Map<string, Set<string>>();
  for (const e of edges) out.set(e.from, (out.get(e.from) ?? new Set()).add(e.to));
  const reachableAvoiding = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(out.get(from) ?? [])].filter((x) => x !== to);
    while (stack.length) {
      const x = stack.pop()!;
      if (x === to) return true;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...(out.get(x) ?? []));
    }
    return false;
  };
  return edges.filter((e) => !reachableAvoiding(e.from, e.to));
}

export function planGraph(plan: Plan, model: Model): GraphDoc {
  const vertexOf = new Map<string, string>();
  const vertices = new Map<string, { node: string; v: Vertex }>();
  const count = new Map<string, number>();
  for (const s of plan.steps) {
    const key = s.guest !== undefined ? guestVertex(s.guest) : `h_${s.node.replace(/[^A-Za-z0-9_]/g, '_')}`;
    vertexOf.set(s.id, key);
    count.set(key, (count.get(key) ?? 0) + 1);
    if (vertices.has(key)) continue;
    const g = s.guest !== undefined ? model.guests.get(s.guest) : undefined;
    vertices.set(key, { node: s.node, v: { id: key, lines: [g ? `${g.id} ${g.name}` : s.guest ?? `${s.node} (host)`], template: g?.isTemplate ?? false } });
  }
  for (const [key, x] of vertices) x.v.lines.push(`${count.get(key)} step${count.get(key) === 1 ? '' : 's'}`);
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const s of plan.steps) {
    const to = vertexOf.get(s.id)!;
    for (const a of s.after) {
      const from = vertexOf.get(a);
      if (from === undefined || from === to || seen.has(`${from}>${to}`)) continue;
      seen.add(`${from}>${to}`);
      edges.push({ from, to, kind: 'then' });
    }
  }
  return { title: `Phoenix plan of ${plan.verb}${plan.targets.length ? ` ${plan.targets.join(' ')}` : ''}: an arrow means "after"`, clusters: clustersOf(model, vertices), edges: reduce(edges) };
}

// ---- text

/** Mermaid entity codes (a label is a quoted string; `<br/>` is its line break). */
const mermaidText = (s: string): string => s.replace(/#/g, '#35;').replace(/"/g, '#34;').replace(/</g, '#60;').replace(/>/g, '#62;');
const dotText = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

function mermaid(doc: GraphDoc): string {
  const out = [`%% ${doc.title}`, 'flowchart LR'];
  doc.clusters.forEach((c, i) => {
    out.push(`  subgraph n${i}["${mermaidText(c.label)}"]`);
    for (const v of c.vertices) {
      const label = `"${v.lines.map(mermaidText).join('<br/>')}"`;
      out.push(`    ${v.id}${v.template ? `[[${label}]]` : `[${label}]`}`);
    }
    out.push('  end');
  });
  for (const e of doc.edges) out.push(e.kind === 'clone' ? `  ${e.from} -. clone .-> ${e.to}` : e.kind === 'needs' ? `  ${e.from} -- needs --> ${e.to}` : `  ${e.from} --> ${e.to}`);
  return `${out.join('\n')}\n`;
}

function dot(doc: GraphDoc): string {
  const out = [`// ${doc.title}`, 'digraph phoenix {', '  rankdir=LR;', '  node [shape=box];'];
  doc.clusters.forEach((c, i) => {
    out.push(`  subgraph "cluster_n${i}" {`, `    label="${dotText(c.label)}";`);
    for (const v of c.vertices) out.push(`    "${v.id}" [label="${v.lines.map(dotText).join('\\n')}"${v.template ? ', style=dashed' : ''}];`);
    out.push('  }');
  });
  for (const e of doc.edges) out.push(`  "${e.from}" -> "${e.to}"${e.kind === 'clone' ? ' [style=dashed, label="clone"]' : e.kind === 'needs' ? ' [label="needs"]' : ''};`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

export const renderGraph = (doc: GraphDoc, format: GraphFormat): string => (format === 'dot' ? dot(doc) : mermaid(doc));
