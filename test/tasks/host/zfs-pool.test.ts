import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPoolArgv, zfsPool, type ZfsPoolParams } from '../../../src/tasks/host/zfs-pool.js';
import { argvs, planOf } from '../../helpers/facts.js';
import { hostFacts } from './host-facts.js';

const A = '/dev/disk/by-id/nvme-Samsung_A';
const B = '/dev/disk/by-id/nvme-Samsung_B';
const mirror: ZfsPoolParams = { pool: 'quickOS', layout: 'mirror', disks: [A, B], wipeDisks: true, allowDestructive: true };

test('absent pool with both switches: one zpool create with the mirror layout', () => {
  const plan = planOf(zfsPool, hostFacts(), mirror);
  assert.is(plan.change.kind, 'create');
  assert.equal(argvs(plan), [['zpool', 'create', '-f', '-o', 'ashift=12', '-o', 'autotrim=on', '-O', 'compression=lz4', '-O', 'atime=off', 'quickOS', 'mirror', A, B]]);
  assert.is(plan.commands[0]!.timeoutMs, 120_000);
  // after the re-read the pool is there: the second plan is clean
  const after = hostFacts({ pools: { quickOS: { health: 'ONLINE', vdevs: [{ type: 'mirror', disks: [A, B] }] } } });
  assert.equal(planOf(zfsPool, after, mirror), { change: { kind: 'none' }, commands: [] });
});

test('stripe (raid_level single) has no vdev keyword', () => {
  assert.equal(createPoolArgv({ ...mirror, layout: 'stripe', disks: [A] }).slice(-2), ['quickOS', A]);
});

for (const [wipeDisks, allowDestructive, missing] of [
  [false, true, /missing: the --wipe-disks flag$/],
  [true, false, /missing: "zfs": \{ "settings": \{ "allow_destructive_operations": true \} \} in the hypervisor config$/],
  [false, false, /missing: the --wipe-disks flag and "zfs"/],
] as const) {
  test(`absent pool, wipeDisks=${wipeDisks} allowDestructive=${allowDestructive}: refused, naming the missing switch`, () => {
    const p = { ...mirror, wipeDisks, allowDestructive };
    assert.throws(() => planOf(zfsPool, hostFacts(), p), (e: Error) => /does not exist/.test(e.message)
      && /needs both --wipe-disks and zfs\.settings\.allow_destructive_operations=true/.test(e.message) && missing.test(e.message));
  });
}

test('existing pool (partitions shown by zpool status -P): no change, no command even with the switches', () => {
  const facts = hostFacts({ pools: { quickOS: { health: 'ONLINE', vdevs: [{ type: 'mirror', disks: [`${B}-part1`, `${A}-part1`] }] } } });
  assert.equal(planOf(zfsPool, facts, mirror), { change: { kind: 'none' }, commands: [] });
});

test('existing pool with another layout: reported, never touched', () => {
  const facts = hostFacts({ pools: { quickOS: { health: 'DEGRADED', vdevs: [{ type: 'disk', disks: [A] }] } } });
  const plan = planOf(zfsPool, facts, mirror);
  assert.is(plan.change.kind, 'none');
  assert.match(plan.change.detail ?? '', /health DEGRADED.*differs from the configuration mirror\(nvme-Samsung_A nvme-Samsung_B\): existing pools are never changed/);
  assert.equal(plan.commands, []);
});

test('node without ZFS tools: a failure that says so', () => {
  assert.throws(() => planOf(zfsPool, hostFacts({ zfs: false }), mirror), /zpool is not available/);
});

test('host task shape: no guests, reads the pools (zpool list/status), re-read after the act', () => {
  assert.equal(zfsPool.guests(mirror), []);
  assert.equal(zfsPool.hostQuery!(mirror), { zfs: true });
  assert.is(zfsPool.reread, 'host');
  assert.is(zfsPool.owned, false);
  assert.is(zfsPool.reconfigure, false);
});

test.run();
