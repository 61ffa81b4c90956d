// Snapshots shared by pct and qm (AbstractConfig.pm snapshot_create/delete/rollback): a config
// section per snapshot plus a saved copy of every volume.
import { statSync } from 'node:fs';
import type { SimEnv } from '../core/env.js';
import { die } from '../core/errors.js';
import { copyTree, removeTree } from '../core/fsx.js';
import { cloneSection, type GuestConf, type Section } from '../conf/config-file.js';
import { saveConf } from '../state/guests.js';
import type { GuestType } from '../state/paths.js';
import { isRunning, setRunning } from '../state/status.js';
import { getStorage } from '../state/storage-cfg.js';
import { snapPath, splitVolid, volPath } from '../state/volumes.js';
import { checkLock, isTemplate, label, sectionVolumes } from './common.js';

/** Volumes a snapshot covers (CT: rootfs + volume mount points; VM: disks except cloud-init/cdrom). */
export function snapVolumes(type: GuestType, keys: Record<string, string>): string[] {
  return sectionVolumes(type, keys)
    .filter(([k, v]) => !/^unused\d+$/.test(k) && !/-cloudinit(\.\w+)?$/.test(v) && !/media=cdrom/.test(keys[k] ?? ''))
    .map(([, v]) => v);
}

function hasSnapshotFeature(env: SimEnv, volid: string): boolean {
  const v = splitVolid(volid);
  const s = v ? getStorage(env, v.storage) : undefined;
  if (!s || !v) return false;
  if (s.type === 'lvmthin' || s.type === 'zfspool' || s.type === 'rbd') return true;
  return v.volname.endsWith('.qcow2');
}

const SKIP_COPY = new Set(['lock', 'parent', 'snaptime', 'vmstate', 'snapstate']);

export function createSnapshot(env: SimEnv, type: GuestType, vmid: string, conf: GuestConf, name: string, description?: string): void {
  if (name === 'current' || name === 'vzdump') die(`unable to use snapshot name '${name}' (reserved name)`);
  if (isTemplate(conf)) die(`you can't take a snapshot if it's a template`);
  checkLock(type, conf);
  if (conf.snapshots[name]) die(`snapshot name '${name}' already used`);
  const vols = snapVolumes(type, conf.main.keys);
  if (vols.some((v) => !hasSnapshotFeature(env, v))) die('snapshot feature is not available');
  const snap: Section = { keys: {}, lxc: conf.main.lxc.map(([k, v]) => [k, v] as [string, string]) };
  for (const [k, v] of Object.entries(conf.main.keys)) if (!SKIP_COPY.has(k)) snap.keys[k] = v;
  if (conf.main.keys['parent']) snap.keys['parent'] = conf.main.keys['parent'];
  snap.keys['snaptime'] = String(Math.floor(Date.now() / 1000));
  if (description) snap.description = description;
  for (const v of vols) copyTree(volPath(env, v), snapPath(env, v, name));
  conf.snapshots[name] = snap;
  conf.main.keys['parent'] = name;
  saveConf(env, type, vmid, conf);
}

export function deleteSnapshot(env: SimEnv, type: GuestType, vmid: string, conf: GuestConf, name: string, force: boolean): void {
  const snap = conf.snapshots[name];
  if (!snap) die(`snapshot '${name}' does not exist`);
  if (!force) checkLock(type, conf);
  for (const v of snapVolumes(type, snap.keys)) removeTree(snapPath(env, v, name));
  const parent = snap.keys['parent'];
  for (const s of [conf.main, ...Object.values(conf.snapshots)]) {
    if (s.keys['parent'] !== name) continue;
    if (parent) s.keys['parent'] = parent; else delete s.keys['parent'];
  }
  delete conf.snapshots[name];
  saveConf(env, type, vmid, conf);
}

export function rollbackSnapshot(env: SimEnv, type: GuestType, vmid: string, conf: GuestConf, name: string): void {
  const snap = conf.snapshots[name];
  if (!snap) die(`snapshot '${name}' does not exist`);
  checkLock(type, conf);
  const vols = snapVolumes(type, snap.keys);
  for (const v of vols) {
    const s = getStorage(env, splitVolid(v)?.storage ?? '');
    if (s?.type !== 'zfspool') continue;
    // ZFS rolls back only to the newest snapshot of a volume (by creation of its copy).
    const created = (n: string): number => { try { return statSync(snapPath(env, v, n)).ctimeMs; } catch { return 0; } };
    const mine = created(name);
    if (Object.keys(conf.snapshots).some((n) => n !== name && created(n) > mine)) {
      die(`can't rollback, '${name}' is not most recent snapshot on '${v}'`);
    }
  }
  if (isRunning(env, vmid)) setRunning(env, vmid, false);
  for (const v of vols) copyTree(snapPath(env, v, name), volPath(env, v));
  const main = cloneSection(snap);
  delete main.keys['snaptime'];
  delete main.keys['vmstate'];
  delete main.description;
  if (conf.main.description !== undefined) main.description = conf.main.description;
  for (const [k, v] of Object.entries(conf.main.keys)) if (/^unused\d+$/.test(k)) main.keys[k] = v;
  main.keys['parent'] = name;
  conf.main = main;
  delete conf.pending;
  saveConf(env, type, vmid, conf);
}

export const typeLabel = label;
