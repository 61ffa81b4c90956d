// Growing a volume (pct resize / qm resize): `+N`/`N` with K/M/G/T units, never shrinking.
import type { SimEnv } from '../core/env.js';
import { die } from '../core/errors.js';
import { parseSize, formatSize } from '../conf/size.js';
import { getStorage } from '../state/storage-cfg.js';
import { readZfs, writeZfs } from '../state/zfs-state.js';
import { setVolumeSize, splitVolid } from '../state/volumes.js';

/** The new size in bytes, or undefined when equal (caller decides whether that is an error). */
export function newSize(current: number, spec: string, shrinkMsg: string): number | undefined {
  const ext = spec.startsWith('+');
  const bytes = parseSize(ext ? spec.slice(1) : spec);
  if (bytes === undefined) die('invalid size string');
  const size = Math.floor(ext ? current + bytes : bytes);
  if (size < current) die(shrinkMsg);
  return size === current ? undefined : size;
}

/** Record the new size in the volume registry (and the zfs dataset); returns the storage's output. */
export function applyResize(env: SimEnv, volid: string, oldSize: number, size: number): string {
  setVolumeSize(env, volid, size);
  const v = splitVolid(volid);
  const s = v ? getStorage(env, v.storage) : undefined;
  if (s?.type === 'zfspool' && v) {
    const z = readZfs(env);
    const ds = z.datasets[`${s.props['pool']}/${v.volname.split('/').pop()}`];
    if (ds) {
      ds.props[ds.type === 'volume' ? 'volsize' : 'refquota'] = String(size);
      writeZfs(env, z);
    }
  }
  if (s?.type === 'lvmthin' || s?.type === 'lvm') {
    const gib = (n: number): string => (n / 1024 ** 3).toFixed(2);
    const name = `${s.props['vgname'] ?? 'pve'}/${v?.volname.split('/').pop()}`;
    return `  Size of logical volume ${name} changed from ${gib(oldSize)} GiB (${Math.ceil(oldSize / 4194304)} extents) to ${gib(size)} GiB (${Math.ceil(size / 4194304)} extents).\n`
      + `  Logical volume ${name} successfully resized.\n`;
  }
  return '';
}

export const printSize = formatSize;
