// Cloning one volume: full copy (new volume, optionally on another storage) or linked clone of a
// base volume (`base-100-disk-0/vm-101-disk-0`). Contents are copied either way.
import type { SimEnv } from '../core/env.js';
import { copyTree } from '../core/fsx.js';
import type { GuestType } from '../state/paths.js';
import { getStorage } from '../state/storage-cfg.js';
import { allocVolume, freeDiskName, isBaseVolume, needStorage, readIndex, snapPath, splitVolid, volPath } from '../state/volumes.js';

export interface CloneVolOpts { full: boolean; snapname?: string | undefined; storage?: string | undefined }

/** volume_has_feature('clone', ...): may this volume be linked-cloned? */
export function canLinkClone(env: SimEnv, volid: string, snapname?: string): boolean {
  const v = splitVolid(volid);
  const s = v ? getStorage(env, v.storage) : undefined;
  if (!s || !v) return false;
  if (s.type === 'lvmthin' || s.type === 'rbd') return isBaseVolume(volid) || !!snapname;
  if (s.type === 'zfspool') return isBaseVolume(volid) && !snapname;
  return isBaseVolume(volid) && v.volname.endsWith('.qcow2') && !snapname;
}

export function cloneVolume(env: SimEnv, type: GuestType, volid: string, newid: string, o: CloneVolOpts): string {
  const src = splitVolid(volid);
  const from = o.snapname ? snapPath(env, volid, o.snapname) : volPath(env, volid);
  const size = readIndex(env)[volid]?.size ?? 0;
  let nv: string;
  if (o.full) {
    nv = allocVolume(env, { storage: o.storage ?? src?.storage ?? '', type, vmid: newid, size });
  } else {
    const s = needStorage(env, src?.storage ?? '');
    const leaf = freeDiskName(env, s, type, newid);
    nv = allocVolume(env, { storage: s.id, type, vmid: newid, size, volname: `${src?.volname}/${leaf}` });
  }
  copyTree(from, volPath(env, nv));
  return nv;
}
