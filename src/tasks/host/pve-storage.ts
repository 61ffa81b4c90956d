// host.pve-storage: a PVE storage with its type, location and content types. Adds and adjusts content; never
// removes a storage (the original deleted every storage it did not know, including the ones it had added itself).
import { create, none, update, type TaskDef } from '../types.js';
import { hostOf, type StorageFacts } from './host-facts.js';
import { contentKey, parseStorageCfg } from './storage-cfg.js';

export type StorageType = 'zfspool' | 'dir' | 'nfs' | 'cifs' | 'lvm' | 'lvmthin';

export interface PveStorageParams {
  storage: string;
  type: StorageType;
  content: string[];
  /** `pvesm add` options that define where the storage is (`pool`, `path`, `server`, `export`, `options`…). */
  settings: Record<string, string>;
  /** The node's storage.cfg (pveRoot-prefixed): re-read right before acting, since storages are cluster-wide. */
  storageCfg: string;
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

export const pveStorage: TaskDef<PveStorageParams> = {
  name: 'host.pve-storage',
  mutates: true,
  title: (p) => `PVE storage ${p.storage} (${p.type}: ${p.content.join(',')})`,
  check(facts, p) {
    const v = judge(hostOf(facts).storages[p.storage], p);
    if (v.kind === 'conflict') throw conflict(p, v.why);
    if (v.kind === 'add') return create(addArgv(p).slice(1).join(' '));
    if (v.kind === 'content') return update(`content ${v.from || '(none)'} -> ${p.content.join(',')}`, [{ field: 'content', from: v.from, to: p.content.join(',') }]);
    return none();
  },
  async apply(ctx, p) {
    const host = hostOf(ctx.facts);
    const cfg = await ctx.probe(['cat', p.storageCfg]);
    if (cfg.code === 0) Object.assign(host.storages, parseStorageCfg(cfg.stdout));
    const v = judge(host.storages[p.storage], p);
    if (v.kind === 'conflict') throw conflict(p, v.why);
    if (v.kind === 'none') { ctx.log(`storage ${p.storage} already converged (added by another node?)`); return; }
    if (v.kind === 'add') {
      await ctx.run(addArgv(p));
      host.storages[p.storage] = { type: p.type, props: { ...p.settings, content: p.content.join(',') } };
      return;
    }
    await ctx.run(['pvesm', 'set', p.storage, '--content', p.content.join(',')]);
    const s = host.storages[p.storage];
    if (s) s.props.content = p.content.join(',');
  },
};
