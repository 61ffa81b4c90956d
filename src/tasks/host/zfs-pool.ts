// host.zfs-pool: the pool exists. Creating one destroys what is on its disks, so it needs two switches; an
// existing pool is never touched (a layout that differs from the configuration is reported, not "fixed").
import { create, none, type TaskDef } from '../types.js';
import { hostOf, type Vdev } from './host-facts.js';

export type PoolLayout = 'stripe' | 'mirror' | 'raidz1' | 'raidz2' | 'raidz3';

export interface ZfsPoolParams {
  pool: string;
  layout: PoolLayout;
  disks: string[];
  /** The CLI flag `--wipe-disks`. */
  wipeDisks: boolean;
  /** The hypervisor config's `zfs.settings.allow_destructive_operations === true`. */
  allowDestructive: boolean;
}

/** A device's identity for comparison: basename without a `-partN` suffix (`zpool status -P` shows partitions). */
export const diskId = (p: string): string => (p.split('/').pop() ?? p).replace(/-part\d+$/, '');

/** The vdevs a layout builds from its disks. */
export function wantedVdevs(layout: PoolLayout, disks: readonly string[]): Vdev[] {
  if (layout === 'stripe') return disks.map((d) => ({ type: 'disk', disks: [d] }));
  return [{ type: layout, disks: [...disks] }];
}

const describe = (vdevs: readonly Vdev[]): string =>
  vdevs.map((v) => (v.type === 'disk' ? diskId(v.disks[0] ?? '?') : `${v.type}(${v.disks.map(diskId).join(' ')})`)).join(' + ');

export function sameLayout(have: readonly Vdev[], want: readonly Vdev[]): boolean {
  const key = (v: Vdev): string => `${v.type}:${v.disks.map(diskId).sort().join(',')}`;
  const a = have.map(key).sort();
  const b = want.map(key).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

export function createPoolArgv(p: ZfsPoolParams): string[] {
  const kind = p.layout === 'stripe' ? [] : [p.layout];
  return ['zpool', 'create', '-f', '-o', 'ashift=12', '-o', 'autotrim=on', '-O', 'compression=lz4', '-O', 'atime=off', p.pool, ...kind, ...p.disks];
}

function refuse(p: ZfsPoolParams): Error {
  const missing = [
    ...(p.wipeDisks ? [] : ['the --wipe-disks flag']),
    ...(p.allowDestructive ? [] : ['"zfs": { "settings": { "allow_destructive_operations": true } } in the hypervisor config']),
  ];
  return new Error(`ZFS pool '${p.pool}' does not exist; creating it erases ${p.disks.join(', ')}. `
    + `That needs both --wipe-disks and zfs.settings.allow_destructive_operations=true; missing: ${missing.join(' and ')}`);
}

export const zfsPool: TaskDef<ZfsPoolParams> = {
  name: 'host.zfs-pool',
  mutates: true,
  title: (p) => `ZFS pool ${p.pool} (${p.layout} of ${p.disks.length} disk${p.disks.length === 1 ? '' : 's'})`,
  check(facts, p) {
    const host = hostOf(facts);
    if (!host.zfs) throw new Error(`zpool is not available on ${facts.node}: install zfsutils-linux`);
    const have = host.pools[p.pool];
    if (!have) {
      if (!(p.wipeDisks && p.allowDestructive)) throw refuse(p);
      return create(`zpool create ${p.pool} ${describe(wantedVdevs(p.layout, p.disks))} (erases the disks)`);
    }
    const health = have.health === 'ONLINE' ? '' : ` (health ${have.health})`;
    const want = wantedVdevs(p.layout, p.disks);
    if (have.vdevs.length && !sameLayout(have.vdevs, want)) {
      return none(`exists${health}; layout ${describe(have.vdevs)} differs from the configuration ${describe(want)}: existing pools are never changed`);
    }
    return none(health ? `exists${health}` : undefined);
  },
  async apply(ctx, p) {
    const host = hostOf(ctx.facts);
    if (host.pools[p.pool]) return;
    if (!(p.wipeDisks && p.allowDestructive)) throw refuse(p);
    await ctx.run(createPoolArgv(p), { timeoutMs: 120_000 });
    host.pools[p.pool] = { health: 'ONLINE', vdevs: wantedVdevs(p.layout, p.disks) };
    host.datasets[p.pool] = { mountpoint: `/${p.pool}`, props: {} };
  },
};
