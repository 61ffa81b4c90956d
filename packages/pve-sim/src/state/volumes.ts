// Storage volumes: each is a directory under the state dir named like the real volume
// (`local-lvm:vm-100-disk-0`), with a registry of sizes/owners for pvesm.
import { dirname } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { die } from '../core/errors.js';
import { copyTree, ensureDir, removeTree } from '../core/fsx.js';
import { contentOf, getStorage, isShared, type StorageDef } from './storage-cfg.js';
import { volumeDir, volumeSnapDir } from './paths.js';
import { readIndex, writeIndex } from './volume-index.js';
import { datasetDir, zfsVolumeCreated, zfsVolumeRemoved } from './zfs-volumes.js';

export { readIndex, writeIndex, type VolInfo, type VolIndex } from './volume-index.js';

export function splitVolid(volid: string): { storage: string; volname: string } | undefined {
  const m = /^([a-zA-Z][\w.-]*):(.+)$/.exec(volid);
  return m ? { storage: m[1] as string, volname: m[2] as string } : undefined;
}

export function needStorage(env: SimEnv, id: string): StorageDef {
  const s = getStorage(env, id);
  if (!s) die(`storage '${id}' does not exist`);
  return s;
}

/** The directory holding the volume's content. */
export function volPath(env: SimEnv, volid: string): string {
  const v = splitVolid(volid);
  if (!v) die(`unable to parse volume ID '${volid}'`);
  const s = getStorage(env, v.storage);
  if (s?.type === 'zfspool') return datasetDir(env, `${s.props['pool']}/${v.volname.split('/').pop()}`);
  return volumeDir(env, v.storage, v.volname, !!s && isShared(s));
}

export function snapPath(env: SimEnv, volid: string, snap: string): string {
  const v = splitVolid(volid);
  if (!v) die(`unable to parse volume ID '${volid}'`);
  const s = getStorage(env, v.storage);
  return volumeSnapDir(env, v.storage, v.volname, snap, !!s && isShared(s));
}

function baseName(s: StorageDef, type: 'lxc' | 'qemu', vmid: string, n: number, prefix: string): string {
  const kind = s.type === 'zfspool' && type === 'lxc' ? (prefix === 'base' ? 'basevol' : 'subvol') : prefix;
  const name = `${kind}-${vmid}-disk-${n}`;
  if (s.type === 'dir' || s.type === 'nfs' || s.type === 'cifs') return `${vmid}/${name}.${type === 'lxc' ? 'raw' : 'qcow2'}`;
  return name;
}

/** Plugin.pm find_free_diskname: the lowest n not used by vm-/base-/subvol- volumes of vmid. */
export function freeDiskName(env: SimEnv, s: StorageDef, type: 'lxc' | 'qemu', vmid: string): string {
  const used = new Set<number>();
  const re = new RegExp(`(?:^|/)(?:vm|base|subvol|basevol)-${vmid}-disk-(\\d+)`);
  for (const volid of Object.keys(readIndex(env))) {
    const v = splitVolid(volid);
    const m = v && v.storage === s.id ? re.exec(v.volname.split('/').pop() ?? '') : null;
    if (m) used.add(Number(m[1]));
  }
  let n = 0;
  while (used.has(n)) n++;
  return baseName(s, type, vmid, n, 'vm');
}

export function contentError(s: StorageDef, type: 'lxc' | 'qemu'): string | undefined {
  const want = type === 'lxc' ? 'rootdir' : 'images';
  if (contentOf(s).includes(want)) return undefined;
  return type === 'lxc' ? `storage '${s.id}' does not support container directories` : `storage '${s.id}' does not support vm images`;
}

export interface AllocOpts { storage: string; type: 'lxc' | 'qemu'; vmid: string; size: number; volname?: string }

/** Allocate a new (empty) volume; returns its volid. */
export function allocVolume(env: SimEnv, o: AllocOpts): string {
  const s = needStorage(env, o.storage);
  const err = contentError(s, o.type);
  if (err) die(err);
  const volname = o.volname ?? freeDiskName(env, s, o.type, o.vmid);
  const volid = `${s.id}:${volname}`;
  if (s.type === 'zfspool') zfsVolumeCreated(env, `${s.props['pool']}/${volname.split('/').pop()}`, o.size);
  ensureDir(volPath(env, volid));
  const idx = readIndex(env);
  const format = volname.endsWith('.qcow2') ? 'qcow2' : s.type === 'zfspool' && o.type === 'lxc' ? 'subvol' : 'raw';
  idx[volid] = { size: o.size, vmid: o.vmid, format, content: o.type === 'lxc' ? 'rootdir' : 'images' };
  writeIndex(env, idx);
  return volid;
}

export function setVolumeSize(env: SimEnv, volid: string, size: number): void {
  const idx = readIndex(env);
  const e = idx[volid];
  if (e) { e.size = size; writeIndex(env, idx); }
}

/** Free a volume and its snapshot copies. Refuses a base volume that linked clones still use. */
export function freeVolume(env: SimEnv, volid: string): void {
  const idx = readIndex(env);
  const users = Object.keys(idx).filter((v) => v !== volid && v.startsWith(`${volid}/`));
  if (users.length) die(`base volume '${volid}' is still in use by linked cloned`);
  const v = splitVolid(volid);
  const path = volPath(env, volid);
  removeTree(path);
  if (v) removeTree(dirname(snapPath(env, volid, 'x')));
  const s = v ? getStorage(env, v.storage) : undefined;
  if (s?.type === 'zfspool' && v) zfsVolumeRemoved(env, `${s.props['pool']}/${v.volname.split('/').pop()}`);
  delete idx[volid];
  writeIndex(env, idx);
}

/** Rename vm- -> base- (subvol- -> basevol-) when converting to a template. */
export function renameToBase(env: SimEnv, volid: string): string {
  const v = splitVolid(volid);
  if (!v) return volid;
  const parts = v.volname.split('/');
  const last = parts.pop() as string;
  const renamed = last.replace(/^vm-/, 'base-').replace(/^subvol-/, 'basevol-');
  if (renamed === last) return volid;
  const volname = [...parts, renamed].join('/');
  const nv = `${v.storage}:${volname}`;
  const idx = readIndex(env);
  const info = idx[volid];
  const s = getStorage(env, v.storage);
  if (s?.type === 'zfspool') zfsVolumeCreated(env, `${s.props['pool']}/${renamed}`, info?.size ?? 0);
  copyTree(volPath(env, volid), volPath(env, nv));
  removeTree(volPath(env, volid));
  if (s?.type === 'zfspool') zfsVolumeRemoved(env, `${s.props['pool']}/${last}`);
  if (info) { delete idx[volid]; idx[nv] = info; writeIndex(env, idx); }
  return nv;
}

/** A template's base volume (`base-100-disk-0`, `100/base-100-disk-0.raw`), not a linked clone of one. */
export function isBaseVolume(volid: string): boolean {
  const volname = (splitVolid(volid)?.volname ?? '').replace(/^\d+\//, '');
  return !volname.includes('/') && /^(base|basevol)-/.test(volname);
}
