// Inventory: NodeSpec defaults, sim/ssh paths, defaultNode rules, and -i replacing the config's inventory.
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

test('every NodeSpec field is filled: local, ssh and sim defaults', () => {
  const model = buildModel(sources({
    defaultNode: 'pve',
    nodes: {
      pve: { connection: 'local' },
      pve2: { connection: 'ssh', host: '10.0.0.12', identityFile: '~/.ssh/id_ed25519', knownHostsFile: 'keys/known_hosts' },
      box: { connection: 'sim', stateDir: './.phoenix/sim/box', pveNode: 'boxnode', sharedStorages: ['nfs-shared'] },
      bare: { connection: 'sim' },
    },
  }));
  const n = model.inventory.nodes;
  assert.equal(n['pve'], { name: 'pve', connection: 'local', pveRoot: '/etc/pve', imageDir: '/var/lib/vz/template/iso', pveNode: 'pve', sharedStorages: [] });
  assert.equal(n['pve2'], {
    name: 'pve2', connection: 'ssh', host: '10.0.0.12', port: 22, user: 'root',
    identityFile: join(homedir(), '.ssh/id_ed25519'), knownHostsFile: '/estate/keys/known_hosts',
    pveRoot: '/etc/pve', imageDir: '/var/lib/vz/template/iso', pveNode: 'pve2', sharedStorages: [],
  });
  assert.equal(n['box'], {
    name: 'box', connection: 'sim', stateDir: '/estate/.phoenix/sim/box', pveRoot: '/estate/.phoenix/sim/box/etc/pve',
    imageDir: '/var/lib/vz/template/iso', pveNode: 'boxnode', sharedStorages: ['nfs-shared'],
  });
  assert.is(n['bare']?.stateDir, '/estate/.phoenix/sim/bare');
  assert.is(model.inventory.defaultNode, 'pve');
});

test('relative imageDir/pveRoot: from the file for local and sim nodes, untouched for ssh', () => {
  const model = buildModel(sources({
    defaultNode: 'sim',
    nodes: {
      sim: { connection: 'sim', imageDir: './images' },
      loc: { connection: 'local', imageDir: 'images', pveRoot: 'pve' },
      far: { connection: 'ssh', host: 'far', imageDir: 'images', pveRoot: '/srv/pve' },
    },
  }));
  const n = model.inventory.nodes;
  assert.is(n['sim']?.imageDir, '/estate/images');
  assert.equal([n['loc']?.imageDir, n['loc']?.pveRoot], ['/estate/images', '/estate/pve']);
  assert.equal([n['far']?.imageDir, n['far']?.pveRoot], ['images', '/srv/pve']);
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
  assert.equal(problems({ nodes: { a: { connection: 'telnet' } } }), ['inventory: /nodes/a/connection: must be one of: local, ssh, sim']);
  assert.equal(problems({ nodes: {} }), ['inventory: /nodes: must NOT have fewer than 1 properties']);
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
    const inv = { defaultNode: 'lab', nodes: { lab: { connection: 'sim', stateDir: 'state' }, far: { connection: 'ssh', host: 'far.example' } } };
    writeFileSync(join(p.dir, 'scripts', 'lab.yaml'), stringify(inv));
    const model = await loadModel({ cwd: p.dir, inventoryFile: 'scripts/lab.yaml' });
    assert.equal(Object.keys(model.inventory.nodes), ['lab', 'far']);
    assert.is(model.inventory.nodes['lab']?.stateDir, join(p.dir, 'scripts', 'state'));
    assert.is(model.guests.get('950')?.node, 'lab');
    const fromConfig = await loadModel({ cwd: p.dir });
    assert.equal(Object.keys(fromConfig.inventory.nodes), ['pve']);
    assert.is(fromConfig.inventory.nodes['pve']?.stateDir, join(p.dir, '.phoenix/sim/pve'));
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
