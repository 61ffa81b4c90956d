// host.zfs-dataset: the dataset exists with the configured properties; `zfs set` only what differs.
import { create, none, update, type TaskDef } from '../types.js';
import { hostOf } from './host-facts.js';
import { zfsPropDiff } from './zfs-props.js';

export interface ZfsDatasetParams {
  /** `pool/name`. */
  dataset: string;
  properties: Record<string, string>;
}

const poolOf = (ds: string): string => ds.split('/')[0] ?? ds;

export const zfsDataset: TaskDef<ZfsDatasetParams> = {
  name: 'host.zfs-dataset',
  mutates: true,
  title: (p) => `ZFS dataset ${p.dataset}`,
  check(facts, p) {
    const host = hostOf(facts);
    if (!host.zfs) throw new Error(`zfs is not available on ${facts.node}: install zfsutils-linux`);
    const have = host.datasets[p.dataset];
    const props = Object.entries(p.properties).map(([k, v]) => `${k}=${v}`).join(' ');
    if (!have) return create(`zfs create ${props ? `${props} ` : ''}${p.dataset}${host.pools[poolOf(p.dataset)] ? '' : ' (after its pool)'}`);
    const diff = zfsPropDiff(have.props, p.properties);
    if (!diff.length) return none();
    return update(diff.map(([k, want, from]) => `${k} ${from ?? '(unset)'} -> ${want}`).join('; '),
      diff.map(([field, to, from]) => ({ field, from, to })));
  },
  async apply(ctx, p) {
    const host = hostOf(ctx.facts);
    const have = host.datasets[p.dataset];
    if (!have) {
      const opts = Object.entries(p.properties).flatMap(([k, v]) => ['-o', `${k}=${v}`]);
      const parents = p.dataset.split('/').length > 2 ? ['-p'] : [];
      await ctx.run(['zfs', 'create', ...parents, ...opts, p.dataset]);
      const mountpoint = p.properties.mountpoint ?? `/${p.dataset}`;
      host.datasets[p.dataset] = {
        mountpoint,
        props: Object.fromEntries(Object.entries(p.properties).map(([k, v]) => [k, { value: v, source: 'local' }])),
      };
      return;
    }
    for (const [k, want] of zfsPropDiff(have.props, p.properties)) {
      await ctx.run(['zfs', 'set', `${k}=${want}`, p.dataset]);
      have.props[k] = { value: want, source: 'local' };
      if (k === 'mountpoint') have.mountpoint = want;
    }
  },
};
