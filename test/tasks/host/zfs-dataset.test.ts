import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { zfsDataset } from '../../../src/tasks/host/zfs-dataset.js';
import { sameZfsValue, zfsBytes } from '../../../src/tasks/host/zfs-props.js';
import { hostFacts, hostRecorder } from './host-facts.js';

const want = { dataset: 'fastData/shared-bulk-data', properties: { recordsize: '1M', compression: 'lz4', sync: 'standard', quota: '1.4T' } };
const local = (value: string) => ({ value, source: 'local' });
/** As `zfs get -H -p` prints them: exact bytes. */
const converged = { recordsize: local('1048576'), compression: local('lz4'), sync: local('standard'), quota: local('1539316278886') };

test('absent dataset: zfs create with every property as -o', async () => {
  const facts = hostFacts({ pools: { fastData: { health: 'ONLINE', vdevs: [] } } });
  assert.is(zfsDataset.check(facts, want).kind, 'create');
  const ctx = hostRecorder(facts);
  await zfsDataset.apply(ctx, want);
  assert.equal(ctx.calls, [['zfs', 'create', '-o', 'recordsize=1M', '-o', 'compression=lz4', '-o', 'sync=standard', '-o', 'quota=1.4T', 'fastData/shared-bulk-data']]);
  assert.is(zfsDataset.check(facts, want).kind, 'none');
});

test('present with the same values in bytes (-p): no change, no command', async () => {
  const facts = hostFacts({ datasets: { 'fastData/shared-bulk-data': { mountpoint: '/fastData/shared-bulk-data', props: converged } } });
  assert.equal(zfsDataset.check(facts, want), { kind: 'none' });
  const ctx = hostRecorder(facts);
  await zfsDataset.apply(ctx, want);
  assert.equal(ctx.calls, []);
});

test('two properties differ: zfs set only those two, naming them', async () => {
  const facts = hostFacts({ datasets: { 'fastData/shared-bulk-data': { mountpoint: '/x', props: { ...converged, sync: local('always'), quota: { value: '0', source: 'default' } } } } });
  const c = zfsDataset.check(facts, want);
  assert.is(c.kind, 'update');
  assert.equal(c.kind !== 'none' && c.diff, [{ field: 'sync', from: 'always', to: 'standard' }, { field: 'quota', from: '0', to: '1.4T' }]);
  const ctx = hostRecorder(facts);
  await zfsDataset.apply(ctx, want);
  assert.equal(ctx.calls, [['zfs', 'set', 'sync=standard', 'fastData/shared-bulk-data'], ['zfs', 'set', 'quota=1.4T', 'fastData/shared-bulk-data']]);
  assert.is(zfsDataset.check(facts, want).kind, 'none');
});

test('sizes: zfs_nicestrtonum rules and human-readable values compare numerically', () => {
  assert.is(zfsBytes('128K'), 131072);
  assert.is(zfsBytes('2T'), 2 * 1024 ** 4);
  assert.is(zfsBytes('none'), 0);
  assert.ok(sameZfsValue('quota', '800G', '858993459200'));
  assert.ok(sameZfsValue('recordsize', '16K', '16384'));
  assert.not.ok(sameZfsValue('quota', '1539316278886', '1.5T'));
  assert.ok(sameZfsValue('compression', 'LZ4', 'lz4'));
  assert.not.ok(sameZfsValue('compression', 'zstd', 'lz4'));
});

test.run();
