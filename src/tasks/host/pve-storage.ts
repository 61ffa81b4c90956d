// host.pve-storage: a PVE storage with its type, location and content types. Adds and adjusts content; never
// removes a storage (the original deleted every storage it did not know, including the ones it had added itself).
import { arr, obj, storageIdSchema, str } from '../schema.js';
import { act, cmd, create, noop, update, type TaskDef } from '../types.js';
import { hostOf, type StorageFacts } from './host-facts.js';
import { contentKey } from './storage-cfg.js';

export type StorageType = 'zfspool' | 'dir' | 'nfs' | 'cifs' | 'lvm' | 'lvmthin';

export interface PveStorageParams {
  storage: string;
  type: StorageType;
  content: string[];
  /** `pvesm add` options that define where the storage is (`pool`, `path`, `server`, `export`, `options`…). */
  settings: Record<string, string>;
}

/** Settings that identify the storage's location: a difference there is not something `pvesm set` may fix. */
const IDENTITY = ['pool', 'path', 'server', 'export', 'vgname', 'thinpool', 'share'];

type Verdict = { kind: 'none' } | { kind: 'add' } | { kind: 'content'; from: string } | { kind: 'conflict'; why: string };

export function judge(have: StorageFacts | undefined, p: PveStorageParams): Verdict {
  if (!have) return { kind: 'add' };
  if (have.type !== p.type) return { kind: 'conflict', why: `is a '${have.type}' storage, the configuration wants '${p.type}'` };
  for (const k of IDENTITY) {
    const want = p.settings[k];
    const cur = have.props[k];
    if (want !== undefined && cur !== undefined && want.replace(/\/+$/, '') !== cur.replace(/\/+$/, '')) {
      return { kind: 'conflict', why: `has ${k} '${cur}', the configuration wants '${want}'` };
    }
  }
  if (contentKey(have.props.content) !== contentKey(p.content)) return { kind: 'content', from: have.props.content ?? '' };
  return { kind: 'none' };
}

const conflict = (p: PveStorageParams, why: string): Error =>
  new Error(`storage '${p.storage}' ${why}: Phoenix does not rebuild storages; change or remove it by hand (pvesm remove ${p.storage})`);

export function addArgv(p: PveStorageParams): string[] {
  return ['pvesm', 'add', p.type, p.storage, ...Object.entries(p.settings).flatMap(([k, v]) => [`--${k}`, v]), '--content', p.content.join(',')];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const pveStorage: TaskDef<PveStorageParams, 'host.pve-storage'> = {
  name: 'host.pve-storage',
  schema: obj({
    // the config's storageId (PVE itself: pve-common PVE/JSONSchema.pm `parse_id`); positional in pvesm, so a letter first
    storage: storageIdSchema,
    type: { enum: ['zfspool', 'dir', 'nfs', 'cifs', 'lvm', 'lvmthin'] },
    content: arr(str({ pattern: '^[a-z]+$' }), { minItems: 1 }),
    // `--key value` options of pvesm add: one line each
    settings: { type: 'object', propertyNames: { pattern: '^[a-z][a-z0-9_-]*$' }, additionalProperties: str({ pattern: '^[^\\x00-\\x1f]+$' }) },
  }),
  mutates: true,
  reconfigure: false,
  owned: false,
  reread: 'host',
  guests: () => [],
  // storage.cfg and `pvesm status` are part of every host read
  hostQuery: () => ({ storages: true }),
  title: (p) => `PVE storage ${p.storage} (${p.type}: ${p.content.join(',')})`,
  plan(facts, p) {
    const v = judge(hostOf(facts).storages[p.storage], p);
    if (v.kind === 'conflict') throw conflict(p, v.why);
    if (v.kind === 'none') return noop();
    if (v.kind === 'add') {
      // storages are cluster-wide: another node of the cluster may have added it since the state read. PVE then
      // refuses with "storage ID '<id>' already defined" (pve-storage PVE/API2/Storage/Config.pm `create`); that
      // is accepted, and the re-read and second plan judge what is there (same settings, or a conflict)
      return act(create(addArgv(p).slice(1).join(' ')), cmd(addArgv(p), { okIf: `storage ID '${escapeRe(p.storage)}' already defined` }));
    }
    return act(
      update(`content ${v.from || '(none)'} -> ${p.content.join(',')}`, [{ field: 'content', from: v.from, to: p.content.join(',') }]),
      cmd(['pvesm', 'set', p.storage, '--content', p.content.join(',')]),
    );
  },
};
