import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPoolArgv, zfsPool, type ZfsPoolParams } from '../../../src/tasks/host/zfs-pool.js';
import { hostFacts, hostRecorder } from './host-facts.js';

const A = '/dev/disk/by-id/nvme-Samsung_A';
const B = '/dev/disk/by-id/nvme-Samsung_B';
const mirror: ZfsPoolParams = { pool: 'quickOS', layout: 'mirror', disks: [A, B], wipeDisks: true, allowDestructive: true };

test('absent pool with both switches: one zpool create with the mirror layout', async () => {
  const facts = hostFacts();
  assert.is(zfsPool.check(facts, mirror).kind, 'create');
  const ctx = hostRecorder(facts);
  await zfsPool.apply(ctx, mirror);
  assert.equal(ctx.calls, [['zpool', 'create', '-f', '-o', 'ashift=12', '-o', 'autotrim=on', '-O', 'compression=lz4', '-O', 'atime=off', 'quickOS', 'mirror', A, B]]);
  // facts kept current: the second check is clean
  assert.is(zfsPool.check(facts, mirror).kind, 'none');
});

test('stripe (raid_level single) has no vdev keyword', () => {
  assert.equal(createPoolArgv({ ...mirror, layout: 'stripe', disks: [A] }).slice(-2), ['quickOS', A]);
});

for (const [wipeDisks, allowDestructive, missing] of [
  [false, true, /missing: the --wipe-disks flag$/],
  [true, false, /missing: "zfs": \{ "settings": \{ "allow_destructive_operations": true \} \} in the hypervisor config$/],
  [false, false, /missing: the --wipe-disks flag and "zfs"/],
] as const) {
  test(`absent pool, wipeDisks=${wipeDisks} allowDestructive=${allowDestructive}: refused, naming the missing switch, no command`, async () => {
    const facts = hostFacts();
    const p = { ...mirror, wipeDisks, allowDestructive };
    assert.throws(() => zfsPool.check(facts, p), (e: Error) => /needs both --wipe-disks and zfs\.settings\.allow_destructive_operations=true/.test(e.message) && missing.test(e.message));
    const ctx = hostRecorder(facts);
    try { await zfsPool.apply(ctx, p); assert.unreachable('apply must refuse'); } catch (e) { assert.match((e as Error).message, /does not exist/); }
    assert.equal(ctx.calls, []);
  });
}

test('existing pool (partitions shown by zpool status -P): no change, no command even with the switches', async () => {
  const facts = hostFacts({ pools: { quickOS: { health: 'ONLINE', vdevs: [{ type: 'mirror', disks: [`${B}-part1`, `${A}-part1`] }] } } });
  assert.equal(zfsPool.check(facts, mirror), { kind: 'none' });
  const ctx = hostRecorder(facts);
  await zfsPool.apply(ctx, mirror);
  assert.equal(ctx.calls, []);
});

test('existing pool with another layout: reported, never touched', async () => {
  const facts = hostFacts({ pools: { quickOS: { health: 'DEGRADED', vdevs: [{ type: 'disk', disks: [A] }] } } });
  const c = zfsPool.check(facts, mirror);
  assert.is(c.kind, 'none');
  assert.match(c.detail ?? '', /health DEGRADED.*differs from the configuration mirror\(nvme-Samsung_A nvme-Samsung_B\): existing pools are never changed/);
  const ctx = hostRecorder(facts);
  await zfsPool.apply(ctx, mirror);
  assert.equal(ctx.calls, []);
});

test('node without ZFS tools: a failure that says so', () => {
  assert.throws(() => zfsPool.check(hostFacts({ zfs: false }), mirror), /zpool is not available/);
});

test.run();
