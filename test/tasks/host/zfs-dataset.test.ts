import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { zfsDataset } from '../../../src/tasks/host/zfs-dataset.js';
import { sameZfsValue, zfsBytes } from '../../../src/tasks/host/zfs-props.js';
import { argvs, planOf } from '../../helpers/facts.js';
import { hostFacts } from './host-facts.js';

const want = { dataset: 'fastData/shared-bulk-data', properties: { recordsize: '1M', compression: 'lz4', sync: 'standard', quota: '1.4T' } };
const local = (value: string) => ({ value, source: 'local' });
/** As `zfs get -H -p` prints them: exact bytes. */
const converged = { recordsize: local('1048576'), compression: local('lz4'), sync: local('standard'), quota: local('1539316278886') };

test('absent dataset: zfs create with every property as -o', () => {
  const plan = planOf(zfsDataset, hostFacts({ pools: { fastData: { health: 'ONLINE', vdevs: [] } } }), want);
  assert.is(plan.change.kind, 'create');
  assert.equal(argvs(plan), [['zfs', 'create', '-o', 'recordsize=1M', '-o', 'compression=lz4', '-o', 'sync=standard', '-o', 'quota=1.4T', 'fastData/shared-bulk-data']]);
  const after = hostFacts({ datasets: { 'fastData/shared-bulk-data': { mountpoint: '/fastData/shared-bulk-data', props: converged } } });
  assert.is(planOf(zfsDataset, after, want).change.kind, 'none', 'the re-read shows it: converged');
});

test('absent pool (created earlier in this run): said in the detail; nested names get -p', () => {
  const plan = planOf(zfsDataset, hostFacts(), { dataset: 'tank/a/b', properties: {} });
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /zfs create tank\/a\/b \(after its pool\)/);
  assert.equal(argvs(plan), [['zfs', 'create', '-p', 'tank/a/b']]);
});

test('present with the same values in bytes (-p): no change, no command', () => {
  const facts = hostFacts({ datasets: { 'fastData/shared-bulk-data': { mountpoint: '/fastData/shared-bulk-data', props: converged } } });
  assert.equal(planOf(zfsDataset, facts, want), { change: { kind: 'none' }, commands: [] });
});

test('two properties differ: one zfs set of only those two, naming them', () => {
  const facts = hostFacts({ datasets: { 'fastData/shared-bulk-data': { mountpoint: '/x', props: { ...converged, sync: local('always'), quota: { value: '0', source: 'default' } } } } });
  const plan = planOf(zfsDataset, facts, want);
  assert.is(plan.change.kind, 'update');
  assert.equal(plan.change.kind !== 'none' && plan.change.diff, [{ field: 'sync', from: 'always', to: 'standard' }, { field: 'quota', from: '0', to: '1.4T' }]);
  assert.equal(argvs(plan), [['zfs', 'set', 'sync=standard', 'quota=1.4T', 'fastData/shared-bulk-data']]);
});

test('the query names the dataset and the properties it compares (mountpoint first)', () => {
  assert.equal(zfsDataset.hostQuery!(want), { zfs: true, datasets: ['fastData/shared-bulk-data'], props: ['mountpoint', 'recordsize', 'compression', 'sync', 'quota'] });
});

test('no zfs on the node: a failure that says so', () => {
  assert.throws(() => planOf(zfsDataset, hostFacts({ zfs: false }), want), /zfs is not available/);
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
