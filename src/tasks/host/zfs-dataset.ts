// host.zfs-dataset: the dataset exists with the configured properties; `zfs set` only what differs.
import { obj, str } from '../schema.js';
import { act, cmd, create, noop, update, type TaskDef } from '../types.js';
import { hostOf } from './host-facts.js';
import { zfsPropDiff } from './zfs-props.js';

export interface ZfsDatasetParams {
  /** `pool/name`. */
  dataset: string;
  properties: Record<string, string>;
}

const poolOf = (ds: string): string => ds.split('/')[0] ?? ds;

export const zfsDataset: TaskDef<ZfsDatasetParams, 'host.zfs-dataset'> = {
  name: 'host.zfs-dataset',
  schema: obj({
    // the config's zfsName pool, `/`, its dataset name pattern: a letter first, so never an option
    dataset: str({ pattern: '^[A-Za-z][A-Za-z0-9_.:-]*/[A-Za-z0-9][A-Za-z0-9_.:/-]*$' }),
    // `prop=value` pairs of the config's `properties` string: no `,` or blanks in a value
    properties: { type: 'object', propertyNames: { pattern: '^[a-z0-9:_.]+$' }, additionalProperties: str({ pattern: '^[^,\\s]+$' }) },
  }),
  mutates: true,
  reconfigure: false,
  owned: false,
  reread: 'host',
  guests: () => [],
  hostQuery: (p) => ({ zfs: true, datasets: [p.dataset], props: ['mountpoint', ...Object.keys(p.properties)] }),
  title: (p) => `ZFS dataset ${p.dataset}`,
  plan(facts, p) {
    const host = hostOf(facts);
    if (!host.zfs) throw new Error(`zfs is not available on ${facts.node}: install zfsutils-linux`);
    const have = host.datasets[p.dataset];
    const kv = Object.entries(p.properties).map(([k, v]) => `${k}=${v}`);
    if (!have) {
      // -p creates missing parents (`pool/a/b` before `pool/a` exists)
      const parents = p.dataset.split('/').length > 2 ? ['-p'] : [];
      return act(
        create(`zfs create ${kv.length ? `${kv.join(' ')} ` : ''}${p.dataset}${host.pools[poolOf(p.dataset)] ? '' : ' (after its pool)'}`),
        cmd(['zfs', 'create', ...parents, ...kv.flatMap((x) => ['-o', x]), p.dataset]),
      );
    }
    const diff = zfsPropDiff(have.props, p.properties);
    if (!diff.length) return noop();
    // one call for every property: `zfs set property=value [property=value]... <dataset>` (OpenZFS zfs_main.c zfs_do_set)
    return act(
      update(diff.map(([k, want, from]) => `${k} ${from ?? '(unset)'} -> ${want}`).join('; '), diff.map(([field, to, from]) => ({ field, from, to }))),
      cmd(['zfs', 'set', ...diff.map(([k, want]) => `${k}=${want}`), p.dataset]),
    );
  },
};
