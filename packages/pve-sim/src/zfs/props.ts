// ZFS dataset properties: values, sources (local / inherited from X / default / -), sizes.
import type { Dataset, ZfsState } from '../state/zfs-state.js';
import { mountpointOf, parentOf, poolOf } from '../state/zfs-state.js';
import { nicebytes, zfsDate } from './format.js';

export const DEFAULTS: Record<string, string> = {
  atime: 'on', relatime: 'on', compression: 'off', recordsize: '131072', acltype: 'off', xattr: 'sa', sync: 'standard',
  dedup: 'off', readonly: 'off', copies: '1', checksum: 'on', logbias: 'latency', snapdir: 'hidden', primarycache: 'all',
  secondarycache: 'all', canmount: 'on', quota: 'none', refquota: 'none', reservation: 'none', refreservation: 'none',
  sharenfs: 'off', sharesmb: 'off', exec: 'on', setuid: 'on', devices: 'on', volblocksize: '16384', encryption: 'off',
};
const INHERITABLE = new Set(['atime', 'relatime', 'compression', 'recordsize', 'acltype', 'xattr', 'sync', 'dedup', 'readonly', 'copies',
  'checksum', 'logbias', 'snapdir', 'primarycache', 'secondarycache', 'sharenfs', 'sharesmb', 'exec', 'setuid', 'devices', 'encryption']);
export const SIZE_PROPS = new Set(['quota', 'refquota', 'reservation', 'refreservation', 'volsize', 'recordsize', 'volblocksize']);
const STATS = ['type', 'creation', 'used', 'available', 'referenced', 'compressratio', 'mounted', 'name'];
export const ALIASES: Record<string, string> = { avail: 'available', refer: 'referenced', compress: 'compression', reserv: 'reservation', refreserv: 'refreservation' };

export function isValidProp(p: string): boolean {
  const q = ALIASES[p] ?? p;
  return p.includes(':') || q in DEFAULTS || STATS.includes(q) || q === 'mountpoint';
}

const REFER: Record<Dataset['type'], number> = { filesystem: 96 * 1024, volume: 56 * 1024 };

export function referenced(ds: Dataset): number { return REFER[ds.type] + ds.used; }

export function usedOf(s: ZfsState, name: string): number {
  const ds = s.datasets[name];
  if (!ds) return 0;
  let n = referenced(ds);
  for (const [k, c] of Object.entries(s.datasets)) if (parentOf(k) === name) n += usedOf(s, k) + (c.type === 'volume' ? 0 : 0);
  return n;
}

export function availableOf(s: ZfsState, name: string): number {
  const pool = s.pools[poolOf(name)];
  const poolFree = Math.max(0, (pool?.size ?? 0) - usedOf(s, poolOf(name)));
  const ds = s.datasets[name];
  const quota = Number(ds?.props['refquota'] ?? ds?.props['quota'] ?? 0);
  return quota > 0 && ds ? Math.max(0, Math.min(poolFree, quota - referenced(ds))) : poolFree;
}

/** [value, source] with `parsable` giving exact numbers. */
export function propValue(s: ZfsState, name: string, prop: string, parsable: boolean): [string, string] {
  const p = ALIASES[prop] ?? prop;
  const ds = s.datasets[name] as Dataset;
  const size = (n: number): string => (parsable ? String(n) : nicebytes(n));
  switch (p) {
    case 'name': return [name, '-'];
    case 'type': return [ds.type, '-'];
    case 'creation': return [parsable ? String(ds.creation) : zfsDate(ds.creation), '-'];
    case 'used': return [size(usedOf(s, name)), '-'];
    case 'available': return [size(availableOf(s, name)), '-'];
    case 'referenced': return [size(referenced(ds)), '-'];
    case 'compressratio': return [parsable ? '1.00' : '1.00x', '-'];
    case 'mounted': return [ds.type === 'volume' ? '-' : 'yes', '-'];
    case 'mountpoint': {
      if (ds.type === 'volume') return ['-', '-'];
      const local = ds.props['mountpoint'] !== undefined;
      let src = local ? 'local' : 'default';
      for (let c = parentOf(name); !local && c !== undefined; c = parentOf(c)) {
        if (s.datasets[c]?.props['mountpoint'] !== undefined) { src = `inherited from ${c}`; break; }
      }
      return [mountpointOf(s, name), src];
    }
    default: break;
  }
  if (p === 'volsize' && ds.type !== 'volume') return ['-', '-'];
  let value = ds.props[p];
  let source = 'local';
  if (value === undefined && INHERITABLE.has(p)) {
    for (let c = parentOf(name); c !== undefined; c = parentOf(c)) {
      const v = s.datasets[c]?.props[p];
      if (v !== undefined) { value = v; source = `inherited from ${c}`; break; }
    }
  }
  if (value === undefined) {
    if (p.includes(':')) return ['-', '-'];
    value = DEFAULTS[p] ?? '-';
    source = value === '-' ? '-' : 'default';
  }
  if (SIZE_PROPS.has(p) && /^\d+$/.test(value)) value = Number(value) === 0 && p !== 'volsize' ? 'none' : size(Number(value));
  if (p === 'compression' && value === 'on' && !parsable) value = 'on';
  return [value, source];
}
