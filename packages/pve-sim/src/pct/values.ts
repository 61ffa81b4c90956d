// Normalising LXC option values the way pve-container stores them: nets get type=veth and a
// hwaddr, mount points allocate `STORAGE:SIZE` volumes, property strings print in PVE key order.
import type { SimEnv } from '../core/env.js';
import { paramError } from '../core/errors.js';
import { lxcFeatures, lxcMp, lxcNet, lxcRootfs, normaliseTags, randomMac } from '../conf/formats.js';
import { parsePropString, printPropString } from '../conf/prop-string.js';
import { formatSize, GiB } from '../conf/size.js';
import { allocVolume, contentError, needStorage, splitVolid } from '../state/volumes.js';
import { getStorage } from '../state/storage-cfg.js';

const NEW_VOLUME = /^([a-zA-Z][\w.-]*):(\d+(?:\.\d+)?)$/;

/** Storage output of a fresh CT volume (lvcreate + mkfs for raw volumes). */
export function allocLog(env: SimEnv, volid: string, size: number): string {
  const v = splitVolid(volid);
  const s = v ? getStorage(env, v.storage) : undefined;
  let log = '';
  if (s?.type === 'lvmthin' || s?.type === 'lvm') log += `  Logical volume "${v?.volname}" created.\n`;
  if (s?.type !== 'zfspool') {
    const blocks = Math.floor(size / 4096);
    log += `Creating filesystem with ${blocks} 4k blocks and ${Math.max(Math.floor(blocks / 4), 1)} inodes\n`;
  }
  return log;
}

/** Is `value` (an mpN/rootfs value) a request for a new volume? */
export function newVolumeRequest(value: string): { storage: string; gib: number } | undefined {
  const vol = value.split(',')[0] ?? '';
  const m = NEW_VOLUME.exec(vol.replace(/^volume=/, ''));
  return m ? { storage: m[1] as string, gib: Number(m[2]) } : undefined;
}

export interface NormaliseOut { value: string; log: string }

/** `allocate: false`: a pending mount point keeps its `STORAGE:SIZE` request until the next start allocates it. */
export function normaliseLxc(env: SimEnv, vmid: string, key: string, value: string, allocate = true): NormaliseOut {
  if (/^net\d+$/.test(key)) {
    const p = parsePropString(lxcNet, key, value);
    p['type'] = 'veth';
    p['hwaddr'] ??= randomMac();
    return { value: printPropString(lxcNet, p), log: '' };
  }
  if (key === 'rootfs' || /^mp\d+$/.test(key)) {
    const fmt = key === 'rootfs' ? lxcRootfs : lxcMp;
    const p = parsePropString(fmt, key, value);
    const req = newVolumeRequest(p['volume'] ?? '');
    let log = '';
    if (req) {
      // update_pct_config checks the storage's content type before anything goes pending
      const s = needStorage(env, req.storage);
      const err = contentError(s, 'lxc');
      if (err) paramError('storage', err);
    }
    if (req && allocate) {
      const size = Math.round(req.gib * GiB);
      const volid = allocVolume(env, { storage: req.storage, type: 'lxc', vmid, size });
      log = allocLog(env, volid, size);
      p['volume'] = volid;
      p['size'] = formatSize(size);
    }
    return { value: printPropString(fmt, p), log };
  }
  if (key === 'features') return { value: printPropString(lxcFeatures, parsePropString(lxcFeatures, key, value)), log: '' };
  if (key === 'tags') return { value: normaliseTags(value), log: '' };
  if (key === 'nameserver' || key === 'searchdomain') return { value: value.split(/[\s,;]+/).filter(Boolean).join(' '), log: '' };
  return { value, log: '' };
}

/** Pre-check a new-volume request without allocating (create's parameter checks). */
export function checkVolumeRequest(env: SimEnv, value: string): void {
  const req = newVolumeRequest(value);
  if (!req) return;
  const s = getStorage(env, req.storage);
  if (!s) paramError('storage', `storage '${req.storage}' does not exist`);
  const err = contentError(s, 'lxc');
  if (err) paramError('storage', err);
}
