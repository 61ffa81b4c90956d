// Inventory: NodeSpec defaults, local/ssh paths (path, env, hostRoot), defaultNode rules, and -i replacing the config's inventory.
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/errors.js';
import { buildModel, type ModelSources } from '../../src/inventory/build-model.js';
import { loadModel } from '../../src/inventory/load-model.js';
import { sampleHypervisor, sampleLxc, sampleVm, writeProject } from '../helpers/fixtures.js';

const sources = (inventory: unknown): ModelSources => ({ hypervisor: sampleHypervisor(), lxc: sampleLxc(), vm: sampleVm(), inventory, baseDir: '/estate' });
function problems(inventory: unknown): string[] {
  try { buildModel(sources(inventory)); } catch (e) { if (e instanceof ConfigError) return [...e.problems]; throw e; }
  assert.unreachable('expected a ConfigError');
  return [];
}

test('every NodeSpec field is filled: local and ssh defaults, a simulated node is a local one with path and env', () => {
  const model = buildModel(sources({
    defaultNode: 'pve',
    nodes: {
      pve: { connection: 'local' },
      pve2: { connection: 'ssh', host: '10.0.0.12', identityFile: '~/.ssh/id_ed25519', knownHostsFile: 'keys/known_hosts' },
      box: {
        connection: 'local', path: ['../pve-sim/bin', '/opt/tools'], env: { PVE_SIM_DIR: './.phoenix/sim/box', PVE_SIM_NODE: 'boxnode' },
        pveRoot: './.phoenix/sim/box/etc/pve', hostRoot: './.phoenix/sim/box/host', pveNode: 'boxnode', sharedStorages: ['nfs-shared'],
      },
    },
  }));
  const n = model.inventory.nodes;
  assert.equal(n['pve'], { name: 'pve', connection: 'local', pveRoot: '/etc/pve', imageDir: '/var/lib/vz/template/iso', hostRoot: '/', pveNode: 'pve', sharedStorages: [] });
  assert.equal(n['pve2'], {
    name: 'pve2', connection: 'ssh', host: '10.0.0.12', port: 22, user: 'root',
    identityFile: join(homedir(), '.ssh/id_ed25519'), knownHostsFile: '/estate/keys/known_hosts',
    pveRoot: '/etc/pve', imageDir: '/var/lib/vz/template/iso', hostRoot: '/', pveNode: 'pve2', sharedStorages: [],
  });
  assert.equal(n['box'], {
    name: 'box', connection: 'local', path: ['/pve-sim/bin', '/opt/tools'], env: { PVE_SIM_DIR: './.phoenix/sim/box', PVE_SIM_NODE: 'boxnode' },
    pveRoot: '/estate/.phoenix/sim/box/etc/pve', imageDir: '/var/lib/vz/template/iso', hostRoot: '/estate/.phoenix/sim/box/host',
    pveNode: 'boxnode', sharedStorages: ['nfs-shared'],
  }, 'path entries resolve from the file; env values are kept as written');
  assert.is(model.inventory.defaultNode, 'pve');
});

test('relative imageDir/pveRoot/hostRoot: from the file for local nodes, untouched for ssh', () => {
  const model = buildModel(sources({
    defaultNode: 'loc',
    nodes: {
      loc: { connection: 'local', imageDir: 'images', pveRoot: 'pve', hostRoot: './host' },
      far: { connection: 'ssh', host: 'far', imageDir: 'images', pveRoot: '/srv/pve', hostRoot: '/srv/host' },
    },
  }));
  const n = model.inventory.nodes;
  assert.equal([n['loc']?.imageDir, n['loc']?.pveRoot, n['loc']?.hostRoot], ['/estate/images', '/estate/pve', '/estate/host']);
  assert.equal([n['far']?.imageDir, n['far']?.pveRoot, n['far']?.hostRoot], ['images', '/srv/pve', '/srv/host']);
});

test('a single node is the default node; guests without node land on it', () => {
  const model = buildModel(sources({ nodes: { only: { connection: 'local' } } }));
  assert.is(model.inventory.defaultNode, 'only');
  assert.equal([...model.guests.values()].map((g) => g.node), ['only', 'only', 'only', 'only']);
});

test('defaultNode is required with several nodes, and must exist', () => {
  assert.equal(problems({ nodes: { a: { connection: 'local' }, b: { connection: 'local' } } }), [
    'inventory: /defaultNode: required when there is more than one node (nodes: a, b)',
  ]);
  assert.equal(problems({ defaultNode: 'c', nodes: { a: { connection: 'local' } } }), ["inventory: /defaultNode: unknown node 'c' (nodes: a)"]);
});

test('inventory schema: ssh needs host; bad connection; bad port', () => {
  assert.equal(problems({ nodes: { a: { connection: 'ssh', port: 70000 } } }), [
    "inventory: /nodes/a: must have required property 'host'",
    'inventory: /nodes/a/port: must be <= 65535',
  ]);
  assert.equal(problems({ nodes: { a: { connection: 'telnet' } } }), ['inventory: /nodes/a/connection: must be one of: local, ssh']);
  assert.equal(problems({ nodes: { a: { connection: 'sim', stateDir: './s' } } }), [
    "inventory: /nodes/a: must NOT have additional property 'stateDir'",
    'inventory: /nodes/a/connection: must be one of: local, ssh',
  ], 'the simulator is no connection kind of its own');
  assert.equal(problems({ nodes: {} }), ['inventory: /nodes: must NOT have fewer than 1 properties']);
});

test('inventory schema: path and env only on local nodes; PATH entries without ":", env names and values checked', () => {
  const absent = "must be absent on an ssh node (the remote login's PATH and environment apply)";
  assert.equal(problems({ nodes: { a: { connection: 'ssh', host: 'h', path: ['/x'], env: { A: 'b' } } } }), [
    `inventory: /nodes/a/env: ${absent}`,
    `inventory: /nodes/a/path: ${absent}`,
  ]);
  assert.equal(problems({ nodes: { a: { connection: 'local', path: ['/x:/y', ''], env: { 'NOT-A-NAME': 'v', OK: 1 } } } }), [
    'inventory: /nodes/a/env/NOT-A-NAME: property name must be an environment variable name',
    'inventory: /nodes/a/env/OK: must be string',
    "inventory: /nodes/a/path/0: must be a directory (no ':'), or package:<npm package>/<dir>",
    "inventory: /nodes/a/path/1: must be a directory (no ':'), or package:<npm package>/<dir>",
  ]);
});

test('embedded inventory errors point into the config file', async () => {
  const p = writeProject({ inventory: { nodes: { pve: { connection: 'ssh' } } } });
  try {
    let lines: string[] = [];
    try { await loadModel({ cwd: p.dir }); } catch (e) { if (e instanceof ConfigError) lines = [...e.problems]; }
    assert.equal(lines, ["phoenix.config.yaml: /inventory/nodes/pve: must have required property 'host'"]);
  } finally { p.cleanup(); }
});

test('-i replaces the config inventory entirely; its relative paths resolve from its own directory', async () => {
  const p = writeProject();
  try {
    const inv = { defaultNode: 'lab', nodes: { lab: { connection: 'local', path: ['bin'], hostRoot: 'state/host' }, far: { connection: 'ssh', host: 'far.example' } } };
    writeFileSync(join(p.dir, 'scripts', 'lab.yaml'), stringify(inv));
    const model = await loadModel({ cwd: p.dir, inventoryFile: 'scripts/lab.yaml' });
    assert.equal(Object.keys(model.inventory.nodes), ['lab', 'far']);
    assert.equal([model.inventory.nodes['lab']?.path, model.inventory.nodes['lab']?.hostRoot], [[join(p.dir, 'scripts', 'bin')], join(p.dir, 'scripts', 'state/host')]);
    assert.is(model.guests.get('950')?.node, 'lab');
    const fromConfig = await loadModel({ cwd: p.dir });
    assert.equal(Object.keys(fromConfig.inventory.nodes), ['pve']);
    assert.is(fromConfig.inventory.nodes['pve']?.hostRoot, join(p.dir, '.phoenix/sim/pve/host'));
    assert.is.not(model.hash, fromConfig.hash);
  } finally { p.cleanup(); }
});

test('-i inventory errors name the inventory file', async () => {
  const p = writeProject({ rawFiles: { 'inv.yaml': 'nodes:\n  pve: { connection: local, colour: red }\n' } });
  try {
    let lines: string[] = [];
    try { await loadModel({ cwd: p.dir, inventoryFile: join(p.dir, 'inv.yaml') }); } catch (e) { if (e instanceof ConfigError) lines = [...e.problems]; }
    assert.equal(lines, ["inv.yaml: /nodes/pve: must NOT have additional property 'colour'"]);
  } finally { p.cleanup(); }
});

test.run();
