import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pveStorage, type PveStorageParams } from '../../../src/tasks/host/pve-storage.js';
import { argvs, planOf } from '../../helpers/facts.js';
import { hostFacts } from './host-facts.js';

const zp: PveStorageParams = { storage: 'quickOS-lxc-disks', type: 'zfspool', content: ['images', 'rootdir'], settings: { pool: 'quickOS/lxc-disks' } };
const dir: PveStorageParams = { storage: 'fastData-shared-iso', type: 'dir', content: ['iso', 'vztmpl'], settings: { path: '/fastData/shared-iso' } };

test('absent zfspool storage: pvesm add with pool and content', () => {
  const plan = planOf(pveStorage, hostFacts({ storages: {} }), zp);
  assert.is(plan.change.kind, 'create');
  assert.equal(argvs(plan), [['pvesm', 'add', 'zfspool', 'quickOS-lxc-disks', '--pool', 'quickOS/lxc-disks', '--content', 'images,rootdir']]);
  const after = hostFacts({ storages: { 'quickOS-lxc-disks': { type: 'zfspool', props: { pool: 'quickOS/lxc-disks', content: 'images,rootdir' } } } });
  assert.is(planOf(pveStorage, after, zp).change.kind, 'none');
});

test('added by another node of the cluster since the state read: PVE\'s "already defined" is accepted, the re-read judges', () => {
  const [add] = planOf(pveStorage, hostFacts(), zp).commands;
  const okIf = new RegExp(add!.okIf!);
  assert.ok(okIf.test("create storage failed: storage ID 'quickOS-lxc-disks' already defined\n"));
  assert.not.ok(okIf.test("create storage failed: storage ID 'quickOSXlxc-disks' already defined\n"), 'the id is matched literally');
  assert.not.ok(okIf.test("create storage failed: storage ID 'other' already defined\n"));
});

test('absent dir storage: pvesm add dir --path (no --shared: a local dataset is not shared)', () => {
  assert.equal(argvs(planOf(pveStorage, hostFacts(), dir)), [['pvesm', 'add', 'dir', 'fastData-shared-iso', '--path', '/fastData/shared-iso', '--content', 'iso,vztmpl']]);
});

test('present with the same content in another order: no change, no command', () => {
  const facts = hostFacts({ storages: { 'quickOS-lxc-disks': { type: 'zfspool', props: { pool: 'quickOS/lxc-disks', content: 'rootdir,images' } } } });
  assert.equal(planOf(pveStorage, facts, zp), { change: { kind: 'none' }, commands: [] });
});

test('content differs: pvesm set --content only', () => {
  const facts = hostFacts({ storages: { 'quickOS-lxc-disks': { type: 'zfspool', props: { pool: 'quickOS/lxc-disks', content: 'images' } } } });
  const plan = planOf(pveStorage, facts, zp);
  assert.is(plan.change.kind, 'update');
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /content images -> images,rootdir/);
  assert.equal(argvs(plan), [['pvesm', 'set', 'quickOS-lxc-disks', '--content', 'images,rootdir']]);
});

test('same id with another type or pool: refused with a way out, never removed', () => {
  const facts = hostFacts({ storages: { 'quickOS-lxc-disks': { type: 'dir', props: { path: '/x', content: 'images' } } } });
  assert.throws(() => planOf(pveStorage, facts, zp), /is a 'dir' storage, the configuration wants 'zfspool'.*pvesm remove quickOS-lxc-disks/);
  const other = hostFacts({ storages: { 'quickOS-lxc-disks': { type: 'zfspool', props: { pool: 'rpool/data', content: 'images,rootdir' } } } });
  assert.throws(() => planOf(pveStorage, other, zp), /has pool 'rpool\/data'/);
});

test('storages the configuration does not name are never removed', () => {
  const plan = planOf(pveStorage, hostFacts({ storages: { stray: { type: 'dir', props: { path: '/stray', content: 'iso' } } } }), zp);
  assert.not.ok(argvs(plan).some((c) => c.includes('remove')));
});

test.run();
