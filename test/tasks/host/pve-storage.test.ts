import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pveStorage, type PveStorageParams } from '../../../src/tasks/host/pve-storage.js';
import { hostFacts, hostRecorder } from './host-facts.js';

const zp: PveStorageParams = { storage: 'quickOS-lxc-disks', type: 'zfspool', content: ['images', 'rootdir'], settings: { pool: 'quickOS/lxc-disks' }, storageCfg: '/etc/pve/storage.cfg' };
const dir: PveStorageParams = { storage: 'fastData-shared-iso', type: 'dir', content: ['iso', 'vztmpl'], settings: { path: '/fastData/shared-iso' }, storageCfg: '/etc/pve/storage.cfg' };
const CFG = `dir: local
\tpath /var/lib/vz
\tcontent iso,vztmpl,backup

zfspool: quickOS-lxc-disks
\tpool quickOS/lxc-disks
\tcontent rootdir,images
`;

test('absent zfspool storage: pvesm add with pool and content (after re-reading storage.cfg)', async () => {
  const facts = hostFacts({ storages: {} });
  assert.is(pveStorage.check(facts, zp).kind, 'create');
  const ctx = hostRecorder(facts, { cat: { code: 0, stdout: 'dir: local\n\tpath /var/lib/vz\n' } });
  await pveStorage.apply(ctx, zp);
  assert.equal(ctx.calls, [['cat', '/etc/pve/storage.cfg'], ['pvesm', 'add', 'zfspool', 'quickOS-lxc-disks', '--pool', 'quickOS/lxc-disks', '--content', 'images,rootdir']]);
  assert.is(pveStorage.check(facts, zp).kind, 'none');
});

test('absent dir storage: pvesm add dir --path (no --shared: a local dataset is not shared)', async () => {
  const ctx = hostRecorder(hostFacts(), { cat: { code: 0, stdout: '' } });
  await pveStorage.apply(ctx, dir);
  assert.equal(ctx.calls[1], ['pvesm', 'add', 'dir', 'fastData-shared-iso', '--path', '/fastData/shared-iso', '--content', 'iso,vztmpl']);
});

test('present with the same content in another order: no change, no command', () => {
  const facts = hostFacts({ storages: { 'quickOS-lxc-disks': { type: 'zfspool', props: { pool: 'quickOS/lxc-disks', content: 'rootdir,images' } } } });
  assert.equal(pveStorage.check(facts, zp), { kind: 'none' });
});

test('content differs: pvesm set --content only', async () => {
  const facts = hostFacts({ storages: { 'quickOS-lxc-disks': { type: 'zfspool', props: { pool: 'quickOS/lxc-disks', content: 'images' } } } });
  const c = pveStorage.check(facts, zp);
  assert.is(c.kind, 'update');
  assert.match(c.kind !== 'none' ? c.detail : '', /content images -> images,rootdir/);
  const ctx = hostRecorder(facts, { cat: { code: 0, stdout: CFG.replace('rootdir,images', 'images') } });
  await pveStorage.apply(ctx, zp);
  assert.equal(ctx.calls.slice(1), [['pvesm', 'set', 'quickOS-lxc-disks', '--content', 'images,rootdir']]);
});

test('another node added it since the facts were read: the re-read sees it, nothing is sent', async () => {
  const facts = hostFacts({ storages: {} });
  const ctx = hostRecorder(facts, { cat: { code: 0, stdout: CFG } });
  await pveStorage.apply(ctx, zp);
  assert.equal(ctx.calls, [['cat', '/etc/pve/storage.cfg']]);
});

test('same id with another type or pool: refused with a way out, never removed', () => {
  const facts = hostFacts({ storages: { 'quickOS-lxc-disks': { type: 'dir', props: { path: '/x', content: 'images' } } } });
  assert.throws(() => pveStorage.check(facts, zp), /is a 'dir' storage, the configuration wants 'zfspool'.*pvesm remove quickOS-lxc-disks/);
  const other = hostFacts({ storages: { 'quickOS-lxc-disks': { type: 'zfspool', props: { pool: 'rpool/data', content: 'images,rootdir' } } } });
  assert.throws(() => pveStorage.check(other, zp), /has pool 'rpool\/data'/);
});

test('storages the configuration does not name are never removed', async () => {
  const facts = hostFacts({ storages: { stray: { type: 'dir', props: { path: '/stray', content: 'iso' } } } });
  const ctx = hostRecorder(facts, { cat: { code: 0, stdout: 'dir: stray\n\tpath /stray\n\tcontent iso\n' } });
  await pveStorage.apply(ctx, zp);
  assert.not.ok(ctx.calls.some((c) => c.includes('remove')));
});

test.run();
