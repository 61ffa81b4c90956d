// The estate graph: one cluster per node, clone and dependency edges from prerequisite to dependant, boot order
// and templates on the vertices; a verb's graph follows its plan's order. Mermaid and dot, both read back here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import { estateGraph, planGraph, renderGraph } from '../../src/compile/estate-graph.js';
import { lxc, makeModel, node, vm } from '../helpers/model.js';

const model = () => makeModel(
  {
    '900': lxc('900', { template_snapshot_name: 'golden', boot_order: 0 }),
    '950': lxc('950', { clone_from_ctid: '900', boot_order: 2 }),
    '960': lxc('960', { clone_from_ctid: '900', dependencies: ['950'], boot_order: 4, node: 'pve2' }),
  },
  [vm(9000, { is_template: true }), vm(9100, { clone_from_vmid: 9000, dependencies: ['950'], boot_order: 3 })],
  [node('pve'), node('pve2')],
);

/** Mermaid edges as [from, kind, to]. */
const mermaidEdges = (text: string): string[][] => text.split('\n').flatMap((l) => {
  const m = /^ {2}(g\d+) (-\. clone \.->|-- needs -->|-->) (g\d+)$/.exec(l);
  return m ? [[m[1]!, m[2]!.includes('clone') ? 'clone' : m[2]!.includes('needs') ? 'needs' : 'then', m[3]!]] : [];
});

/** Which cluster (subgraph label) each vertex is drawn in. */
function mermaidClusters(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let cluster = '';
  for (const l of text.split('\n')) {
    const s = /^ {2}subgraph n\d+\["(.*)"\]$/.exec(l);
    if (s) { cluster = s[1]!; continue; }
    if (l === '  end') { cluster = ''; continue; }
    const v = /^ {4}(g\d+)[[(]/.exec(l);
    if (v) out[v[1]!] = cluster;
  }
  return out;
}

test('estate in mermaid: a subgraph per node, clone and dependency edges, boot order and template marks', () => {
  const text = renderGraph(estateGraph(model()), 'mermaid');
  assert.match(text, /^%% .*\nflowchart LR\n/);
  assert.equal(mermaidClusters(text), { g900: 'node pve', g950: 'node pve', g9000: 'node pve', g9100: 'node pve', g960: 'node pve2' });
  assert.equal(mermaidEdges(text).sort(), [
    ['g900', 'clone', 'g950'], ['g900', 'clone', 'g960'], ['g950', 'needs', 'g960'], ['g950', 'needs', 'g9100'], ['g9000', 'clone', 'g9100'],
  ].sort());
  assert.match(text, /\n {4}g950\["950 ct950<br\/>CT, boot 2"\]\n/);
  assert.match(text, /\n {4}g900\["900 ct900<br\/>CT, boot 0, snapshot golden"\]\n/);
  assert.match(text, /\n {4}g9000\[\["9000 vm9000<br\/>VM, template"\]\]\n/, 'a template has its own shape');
});

test('estate in dot: clusters, the same edges, labels escaped', () => {
  const m = model();
  (m.guests.get('950') as { name: string }).name = 'say "hi"';
  const text = renderGraph(estateGraph(m), 'dot');
  assert.match(text, /^\/\/ .*\ndigraph phoenix \{\n/);
  assert.ok(text.trimEnd().endsWith('}'));
  assert.equal((text.match(/subgraph "cluster_n\d+" \{/g) ?? []).length, 2);
  assert.match(text, /"g950" \[label="950 say \\"hi\\"\\nCT, boot 2"\];/);
  const edges = [...text.matchAll(/^ {2}"(g\d+)" -> "(g\d+)"(.*);$/gm)].map((x) => `${x[1]}>${x[2]}${x[3]!.includes('clone') ? ' clone' : x[3]!.includes('needs') ? ' needs' : ''}`);
  assert.equal(edges.sort(), ['g900>g950 clone', 'g900>g960 clone', 'g950>g960 needs', 'g950>g9100 needs', 'g9000>g9100 clone'].sort());
});

test('a mermaid label cannot break out of its quotes', () => {
  const m = model();
  (m.guests.get('950') as { name: string }).name = 'x"] --> evil["#<b>';
  const text = renderGraph(estateGraph(m), 'mermaid');
  const line = text.split('\n').find((l) => l.startsWith('    g950'))!;
  assert.is(line, '    g950["950 x#34;] --#62; evil[#34;#35;#60;b#62;<br/>CT, boot 2"]');
});

test('a verb\'s graph follows its plan: start --all is the boot order, templates left out, implied edges dropped', () => {
  const m = model();
  const text = renderGraph(planGraph(compile(m, 'start', { all: true }), m), 'mermaid');
  // boot orders 900:0, 950:2, 9100:3, 960:4 (on pve2: the order crosses nodes)
  assert.equal(mermaidEdges(text), [['g900', 'then', 'g950'], ['g950', 'then', 'g9100'], ['g9100', 'then', 'g960']]);
  assert.not.match(text, /g9000/);
  assert.match(text, /g950\["950 ct950<br\/>1 step"\]/);
});

test('a create graph names prerequisites pulled in, and host steps get a vertex of their own', () => {
  const m = model();
  const plan = compile(m, 'create', { ids: ['960'] });
  const text = renderGraph(planGraph(plan, m), 'mermaid');
  const edges = mermaidEdges(text);
  assert.ok(edges.some(([a, , b]) => a === 'g900' && b === 'g950'), text);
  assert.ok(edges.some(([a, , b]) => a === 'g950' && b === 'g960'), text);
  assert.not.ok(edges.some(([a, , b]) => a === 'g900' && b === 'g960'), `900 -> 960 is implied by 900 -> 950 -> 960:\n${text}`);
  const withHost = planGraph({ verb: 'setup', targets: [], steps: [{ id: 'pve:host.file:x', node: 'pve', task: 'host.file', params: {}, after: [] } as never] }, m);
  assert.match(renderGraph(withHost, 'mermaid'), /h_pve\["pve \(host\)<br\/>1 step"\]/);
});

test.run();
