// Cross-file checks: unknown guests, cycles, duplicate ids, unknown nodes, clone sources, scripts.
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

function problems(run: () => unknown): string[] {
  try { run(); } catch (e) { if (e instanceof ConfigError) return [...e.problems]; throw e; }
  assert.unreachable('expected a ConfigError');
  return [];
}
const built = (src: ModelSources): string[] => problems(() => buildModel(src));

test('unknown dependency and unknown clone source', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/950/dependencies', ['9000', '9999']);
  setAt(lxc, '/lxc_configs/950/clone_from_ctid', '901');
  assert.equal(built(sources({ lxc })), [
    `${L}: /lxc_configs/950/dependencies/1: unknown guest '9999'`,
    `${L}: /lxc_configs/950/clone_from_ctid: unknown guest '901'`,
  ]);
  assert.equal(built(sources({ vm: setAt(sampleVm(), '/vms/1/clone_from_vmid', 9999) })), [`${V}: /vms/1/clone_from_vmid: unknown guest '9999'`]);
});

test('dependencies may cross LXC <-> VM', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/950/dependencies', ['9000']);
  assert.equal(buildModel(sources({ lxc })).guests.get('950')?.dependencies, ['9000']);
});

test('a two-guest cycle is named in full, in edge order', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/900/dependencies', ['950']);
  assert.equal(built(sources({ lxc })), [`${L}: /lxc_configs/900/dependencies/0: cycle: 900 -> 950 -> 900`]);
});

test('a cycle across both files, and a self-dependency', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/900/dependencies', ['9100']); // 9100 -> 950 -> 900 -> 9100
  assert.equal(built(sources({ lxc })), [`${L}: /lxc_configs/900/dependencies/0: cycle: 900 -> 9100 -> 950 -> 900`]);
  const self = setAt(sampleLxc(), '/lxc_configs/900/dependencies', ['900']);
  assert.equal(built(sources({ lxc: self })), [`${L}: /lxc_configs/900/dependencies/0: cycle: 900 -> 900`]);
});

test('two separate cycles are both reported', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/900/dependencies', ['950']);
  const vm = setAt(sampleVm(), '/vms/0/dependencies', ['9100']);
  assert.equal(built(sources({ lxc, vm })), [`${L}: /lxc_configs/900/dependencies/0: cycle: 900 -> 950 -> 900`, `${V}: /vms/0/dependencies/0: cycle: 9000 -> 9100 -> 9000`]);
});

test('an id in both files; a vmid twice', () => {
  const vm = setAt(sampleVm(), '/vms/-', { vmid: 950, name: 'twin' });
  assert.equal(built(sources({ vm })), [`${V}: /vms/2/vmid: id 950 is also defined in ${L} (/lxc_configs/950)`]);
  const vm2 = setAt(sampleVm(), '/vms/-', { vmid: 9100, name: 'again' });
  assert.equal(built(sources({ vm: vm2 })), [`${V}: /vms/2/vmid: duplicate vmid 9100 (also /vms/1)`]);
});

test('a guest node that is not in the inventory', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/950/node', 'pve9');
  assert.equal(built(sources({ lxc })), [`${L}: /lxc_configs/950/node: unknown node 'pve9' (inventory nodes: pve)`]);
});

test('clone sources must be cloneable: LXC needs template_snapshot_name, VM needs is_template', () => {
  const lxc = removeAt(sampleLxc(), '/lxc_configs/900/template_snapshot_name');
  assert.equal(built(sources({ lxc })), [
    `${L}: /lxc_configs/950/clone_from_ctid: clone source 900 has no template_snapshot_name (pct clone clones from that snapshot)`,
  ]);
  const vm = removeAt(sampleVm(), '/vms/0/is_template');
  assert.equal(built(sources({ vm })), [`${V}: /vms/1/clone_from_vmid: clone source 9000 is not a template (set "is_template": true on it)`]);
  const cross = setAt(sampleVm(), '/vms/1/clone_from_vmid', 950);
  assert.equal(built(sources({ vm: cross })), [`${V}: /vms/1/clone_from_vmid: clone source 950 is a container; clone_from_vmid needs a VM`]);
});

test('a clone on another node needs its source on a shared storage', () => {
  const inventory = { defaultNode: 'pve', nodes: { pve: { connection: 'local' }, pve2: { connection: 'ssh', host: '10.0.0.12' } } };
  const lxc = setAt(sampleLxc(), '/lxc_configs/950/node', 'pve2');
  assert.equal(built(sources({ lxc, inventory })), [
    `${L}: /lxc_configs/950/clone_from_ctid: clone source 900 is on node 'pve' but 950 is on 'pve2', and storage 'local-lvm' is not in sharedStorages of 'pve'`,
  ]);
  const shared = setAt(inventory, '/nodes/pve/sharedStorages', ['local-lvm']);
  assert.is(buildModel(sources({ lxc, inventory: shared })).guests.get('950')?.node, 'pve2');
});

test('a clone source with bind or device mount points: one error per mount point, naming where it is (pct clone refuses them)', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/900/mount_points', [
    { host_path: '/srv/share', container_path: '/share' },
    { host_path: '/dev/sdb1', container_path: '/disk' },
  ]);
  setAt(lxc, '/lxc_configs/900/zfs_volumes', [{ name: 'data', pool: 'local-lvm', size_gb: 2, mount_point: '/data' }]);
  setAt(lxc, '/lxc_configs/950/dependencies', ['9999']);
  assert.equal(built(sources({ lxc })), [
    `${L}: /lxc_configs/950/dependencies/0: unknown guest '9999'`,
    `${L}: /lxc_configs/950/clone_from_ctid: clone source 900 has a bind mount point (${L}: /lxc_configs/900/mount_points/0: /srv/share at /share), `
      + `which pct clone refuses ("unable to clone mountpoint 'mpN' (type bind)"): move it to the clones' own mount_points (950 gets it after the clone), or create 950 from a template`,
    `${L}: /lxc_configs/950/clone_from_ctid: clone source 900 has a device mount point (${L}: /lxc_configs/900/mount_points/1: /dev/sdb1 at /disk), `
      + `which pct clone refuses ("unable to clone mountpoint 'mpN' (type device)"): move it to the clones' own mount_points (950 gets it after the clone), or create 950 from a template`,
  ]);
});

test('zfs_volumes on a clone source clone (storage volumes), and mount points on the clone itself are fine', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/900/zfs_volumes', [{ name: 'data', pool: 'local-lvm', size_gb: 2, mount_point: '/data' }]);
  setAt(lxc, '/lxc_configs/950/mount_points', [{ host_path: '/srv/share', container_path: '/share' }]);
  assert.equal(buildModel(sources({ lxc })).guests.get('950')?.cloneFrom, '900');
});

test('feature and application scripts must exist when scripts is configured', async () => {
  const p = writeProject({ scripts: { features: [], apps: [] } });
  try {
    assert.equal(problems(() => buildModel(sources({ scriptsDir: p.scriptsDir, checkScripts: true }))), [
      `${L}: /lxc_configs/900/features/0: script of feature 'base_setup': ${p.scriptsDir}/features/base_setup.sh not found`,
      `${L}: /lxc_configs/950/application_script: application script: ${p.scriptsDir}/apps/app950.sh not found`,
    ]);
    let failed: string[] = [];
    try { await loadModel({ cwd: p.dir }); } catch (e) { if (e instanceof ConfigError) failed = [...e.problems]; }
    assert.is(failed.length, 2);
  } finally { p.cleanup(); }
});

test('without a scripts key, scripts are not checked', async () => {
  const p = writeProject({ scripts: null });
  try {
    const model = await loadModel({ cwd: p.dir });
    assert.is(model.scriptsDir, `${p.dir}/scripts`);
  } finally { p.cleanup(); }
});

test('schema and cross-file problems in one report: the cross-file checks run on what parsed', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/950/dependencies', ['9999']);
  setAt(lxc, '/lxc_configs/900/cores', 'two');
  assert.equal(built(sources({ lxc })), [`${L}: /lxc_configs/900/cores: must be integer`, `${L}: /lxc_configs/950/dependencies/0: unknown guest '9999'`]);
});

test.run();
