// All configuration errors in one report (issue 11 point 4): schema and cross-file errors together, the cross-file
// checks run on what parsed; a file that is not JSON at all is one error and the checks that need it are skipped.
import { writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.js';
import { buildModel, type ModelSources } from '../../src/inventory/build-model.js';
import { loadModel } from '../../src/inventory/load-model.js';
import { removeAt, sampleHypervisor, sampleInventory, sampleLxc, sampleVm, setAt, writeProject } from '../helpers/fixtures.js';

const L = 'phoenix_lxc_configs.json';
const V = 'phoenix_vm_configs.json';

function sources(over: Partial<ModelSources> = {}): ModelSources {
  return { hypervisor: sampleHypervisor(), lxc: sampleLxc(), vm: sampleVm(), inventory: sampleInventory(), baseDir: '/estate', ...over };
}
function problemsOf(run: () => unknown): string[] {
  try { run(); } catch (e) { if (e instanceof ConfigError) return [...e.problems]; throw e; }
  assert.unreachable('expected a ConfigError');
  return [];
}
const built = (src: ModelSources): string[] => problemsOf(() => buildModel(src));

/** The case: one schema error and four cross-file errors in one file, a missing script too. */
function fiveMistakes(): ReturnType<typeof sampleLxc> {
  const lxc = sampleLxc();
  setAt(lxc, '/lxc_configs/950/memory_mb', '2048');               // schema: must be integer
  setAt(lxc, '/lxc_configs/950/dependencies', ['4242']);          // unknown guest
  setAt(lxc, '/lxc_configs/950/node', 'pve9');                    // unknown node
  setAt(lxc, '/lxc_configs/900/dependencies', ['950']);           // cycle 900 -> 950 -> 900 (950 clones 900)
  lxc.lxc_configs['960'] = { ...lxc.lxc_configs['950']!, name: 'other', clone_from_ctid: '777', dependencies: [] }; // unknown clone source
  delete lxc.lxc_configs['960']!.node;
  lxc.lxc_configs['960']!.memory_mb = 512;
  return lxc;
}

test('five mistakes in one file: the schema error and the four cross-file errors, all in one report, each with file and JSON path', async () => {
  const p = writeProject({ lxc: fiveMistakes(), scripts: { features: ['base_setup'], apps: [] } });
  try {
    let lines: string[] = [];
    try { await loadModel({ cwd: p.dir }); } catch (e) { if (e instanceof ConfigError) lines = [...e.problems]; else throw e; }
    assert.equal(lines, [
      `${L}: /lxc_configs/950/memory_mb: must be integer`,
      `${L}: /lxc_configs/950/node: unknown node 'pve9' (inventory nodes: pve)`,
      `${L}: /lxc_configs/950/dependencies/0: unknown guest '4242'`,
      `${L}: /lxc_configs/960/clone_from_ctid: unknown guest '777'`,
      `${L}: /lxc_configs/900/dependencies/0: cycle: 900 -> 950 -> 900`,
      `${L}: /lxc_configs/950/application_script: application script: ${p.scriptsDir}/apps/app950.sh not found`,
      `${L}: /lxc_configs/960/application_script: application script: ${p.scriptsDir}/apps/app950.sh not found`,
    ]);
    for (const l of lines) assert.match(l, /^phoenix_lxc_configs\.json: \/lxc_configs\/\d+\/[a-z_]+(\/\d+)?: /, 'file and JSON path');
  } finally { p.cleanup(); }
});

test('a field that failed its schema is left out of the cross-file checks: not checked further, not called missing', () => {
  // 900's snapshot name is invalid: the schema says so; the clone 950 is not told that 900 "has no template_snapshot_name"
  const lxc = setAt(sampleLxc(), '/lxc_configs/900/template_snapshot_name', 'bad name!');
  setAt(lxc, '/lxc_configs/950/dependencies', [42, '4242']); // a bad element: the list is the schema's; the rest of 950 is still checked
  setAt(lxc, '/lxc_configs/950/node', 'pve9');
  const lines = built(sources({ lxc }));
  assert.ok(lines.some((l) => l.startsWith(`${L}: /lxc_configs/900/template_snapshot_name: `)), lines.join('\n'));
  assert.ok(lines.includes(`${L}: /lxc_configs/950/dependencies/0: must be string`), lines.join('\n'));
  assert.ok(lines.includes(`${L}: /lxc_configs/950/node: unknown node 'pve9' (inventory nodes: pve)`), lines.join('\n'));
  assert.not.ok(lines.some((l) => /has no template_snapshot_name|unknown guest '4242'/.test(l)), lines.join('\n'));
});

test('an entry missing a required field still has its references checked', () => {
  const lxc = removeAt(sampleLxc(), '/lxc_configs/950/network_config');
  setAt(lxc, '/lxc_configs/950/dependencies', ['4242']);
  assert.equal(built(sources({ lxc })), [
    `${L}: /lxc_configs/950: must have required property 'network_config'`,
    `${L}: /lxc_configs/950/dependencies/0: unknown guest '4242'`,
  ]);
});

test('a file that is not JSON: one error, and the checks that need it are skipped (no "unknown guest" for its ids)', async () => {
  const vm = setAt(sampleVm(), '/vms/1/dependencies', ['950', '4242']); // 950 is in the broken LXC file
  setAt(vm, '/vms/-', { vmid: 9200, name: 'orphan', clone_from_vmid: 9999 }); // a VM clone source must be in the VM file: still checked
  setAt(vm, '/vms/2/memory_mb', 'lots');
  const p = writeProject({ vm, rawFiles: { 'phoenix_lxc_configs.json': '{ "lxc_configs": { "900": ' } });
  try {
    let lines: string[] = [];
    try { await loadModel({ cwd: p.dir }); } catch (e) { if (e instanceof ConfigError) lines = [...e.problems]; else throw e; }
    assert.equal(lines.filter((l) => l.startsWith(`${L}: `)).length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^phoenix_lxc_configs\.json: line 1, column \d+: /);
    assert.equal(lines.slice(1), [
      `${V}: /vms/2/memory_mb: must be integer`,
      `${V}: /vms/2/clone_from_vmid: unknown guest '9999'`,
    ]);
  } finally { p.cleanup(); }
});

test('a VM whose vmid failed its schema: what names its old id is not also called unknown', () => {
  const vm = setAt(sampleVm(), '/vms/0/vmid', 'nine thousand');
  assert.equal(built(sources({ vm })), [`${V}: /vms/0/vmid: must be integer`]);
});

test('an inventory that failed its schema: its errors, and the guest files still checked (node checks skipped)', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/950/dependencies', ['4242']);
  setAt(lxc, '/lxc_configs/950/node', 'pve9');
  const inventory = { nodes: { pve: { connection: 'telnet' } } };
  const lines = built(sources({ lxc, inventory }));
  assert.ok(lines.some((l) => l.startsWith('inventory: /nodes/pve/connection: ')), lines.join('\n'));
  assert.ok(lines.includes(`${L}: /lxc_configs/950/dependencies/0: unknown guest '4242'`), lines.join('\n'));
  assert.not.ok(lines.some((l) => l.includes('unknown node')), lines.join('\n'));
});

test('an inventory missing from the config: reported once, and no node is called unknown against a default', async () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/950/node', 'pve2');
  setAt(lxc, '/lxc_configs/950/dependencies', ['4242']);
  const p = writeProject({ lxc, inventory: null });
  try {
    let lines: string[] = [];
    try { await loadModel({ cwd: p.dir }); } catch (e) { if (e instanceof ConfigError) lines = [...e.problems]; else throw e; }
    assert.equal(lines, [
      'phoenix.config.yaml: /inventory: missing: add an "inventory" key (the nodes to run on) or pass -i FILE',
      `${L}: /lxc_configs/950/dependencies/0: unknown guest '4242'`,
    ]);
  } finally { p.cleanup(); }
});

test('schema errors in two files and cross-file errors in both, in one report', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/900/cores', 0);
  setAt(lxc, '/lxc_configs/950/dependencies', ['4242']);
  const vm = setAt(sampleVm(), '/vms/1/cores', 'two');
  setAt(vm, '/vms/1/clone_from_vmid', 9999);
  assert.equal(built(sources({ lxc, vm })), [
    `${L}: /lxc_configs/900/cores: must be >= 1`,
    `${V}: /vms/1/cores: must be integer`,
    `${L}: /lxc_configs/950/dependencies/0: unknown guest '4242'`,
    `${V}: /vms/1/clone_from_vmid: unknown guest '9999'`,
  ]);
});

test('a valid configuration still loads (nothing pruned, nothing reported)', async () => {
  const p = writeProject();
  try {
    writeFileSync(p.files.lxc, JSON.stringify(sampleLxc()));
    assert.equal([...(await loadModel({ cwd: p.dir })).guests.keys()], ['900', '950', '9000', '9100']);
  } finally { p.cleanup(); }
});

test.run();
