// host.zfs-pool: the pool exists. Creating one destroys what is on its disks, so it needs two switches; an
// existing pool is never touched (a layout that differs from the configuration is reported, not "fixed").
import { arr, bool, obj, str } from '../schema.js';
import { act, cmd, create, noop, type TaskDef } from '../types.js';
import { hostOf, type Vdev } from './host-facts.js';
import { absPathSchema } from './write-file.js';

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

// OpenZFS pool names: a letter first, then letters, digits, `_ . : -` (the hypervisor config's zfsName)
export const poolNameSchema = str({ pattern: '^[A-Za-z][A-Za-z0-9_.:-]*$' });

export const zfsPool: TaskDef<ZfsPoolParams, 'host.zfs-pool'> = {
  name: 'host.zfs-pool',
  schema: obj({
    pool: poolNameSchema,
    layout: { enum: ['stripe', 'mirror', 'raidz1', 'raidz2', 'raidz3'] },
    disks: arr(absPathSchema, { minItems: 1 }),
    wipeDisks: bool(),
    allowDestructive: bool(),
  }),
  mutates: true,
  reconfigure: false,
  owned: false,
  reread: 'host',
  guests: () => [],
  // `zpool list` / `zpool status` are part of every host read
  hostQuery: () => ({ zfs: true }),
  title: (p) => `ZFS pool ${p.pool} (${p.layout} of ${p.disks.length} disk${p.disks.length === 1 ? '' : 's'})`,
  plan(facts, p) {
    const host = hostOf(facts);
    if (!host.zfs) throw new Error(`zpool is not available on ${facts.node}: install zfsutils-linux`);
    const have = host.pools[p.pool];
    if (!have) {
      if (!(p.wipeDisks && p.allowDestructive)) throw refuse(p);
      return act(
        create(`zpool create ${p.pool} ${describe(wantedVdevs(p.layout, p.disks))} (erases the disks)`),
        cmd(createPoolArgv(p), { timeoutMs: 120_000, log: `creating ZFS pool ${p.pool} on ${facts.node}`, what: `zpool create ${p.pool}` }),
      );
    }
    const health = have.health === 'ONLINE' ? '' : ` (health ${have.health})`;
    const want = wantedVdevs(p.layout, p.disks);
    if (have.vdevs.length && !sameLayout(have.vdevs, want)) {
      return noop(`exists${health}; layout ${describe(have.vdevs)} differs from the configuration ${describe(want)}: existing pools are never changed`);
    }
    return noop(health ? `exists${health}` : undefined);
  },
};
