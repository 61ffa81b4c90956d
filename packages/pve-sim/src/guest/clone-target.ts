// `pct clone` / `qm clone` with `--target NODE`: the clone runs on the source's node and its config moves to
// the target, which is allowed only when the volumes are on shared storage (API2/LXC.pm and API2/Qemu.pm clone_vm).
import type { SimEnv } from '../core/env.js';
import { die } from '../core/errors.js';
import { checkNodeExists } from '../state/nodes.js';
import { getStorage, isShared, type StorageDef } from '../state/storage-cfg.js';
import { splitVolid } from '../state/volumes.js';

/** The target node, or undefined when it is this node (or `localhost`); an unknown node dies like PVE. */
export function cloneTarget(env: SimEnv, target: string | undefined): string | undefined {
  if (!target || target === env.node || target === 'localhost') return undefined;
  checkNodeExists(env, target);
  return target;
}

/** PVE::Storage::storage_config. */
export function storageConfig(env: SimEnv, id: string): StorageDef {
  const s = getStorage(env, id);
  if (!s) die(`storage '${id}' does not exist`);
  return s;
}

/** PVE::Storage::storage_check_enabled (disabled, or not in `nodes`). */
export function storageCheckEnabled(env: SimEnv, id: string, node: string): StorageDef {
  const s = storageConfig(env, id);
  if (s.props['disable'] === '1') die(`storage '${id}' is disabled`);
  const nodes = s.props['nodes'];
  if (nodes && !nodes.split(',').includes(node)) die(`storage '${id}' is not available on node '${node}'`);
  return s;
}

/** The checks of an explicit `--storage` before anything is locked. */
export function checkCloneStorage(env: SimEnv, storage: string | undefined, target: string | undefined): void {
  if (!storage) return;
  storageCheckEnabled(env, storage, env.node);
  if (!target) return;
  const s = storageCheckEnabled(env, storage, target);
  if (!isShared(s)) die(`can't clone to non-shared storage '${storage}'`);
}

/** Is the storage of this volume (or `storage` instead, when given) shared? Paths count as local. */
export function volumeShared(env: SimEnv, volid: string, storage?: string): boolean {
  const sid = storage ?? splitVolid(volid)?.storage;
  if (sid === undefined || volid.startsWith('/')) return false;
  return isShared(storageConfig(env, sid));
}

const QEMU_DRIVE = /^(ide|sata|scsi|virtio|efidisk|tpmstate)\d+$/;

/** check_storage_access_clone: are all drives (CD-ROM images too, not `cdrom`/`none`) on shared storages? */
export function vmUsesSharedStorage(env: SimEnv, keys: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(keys)) {
    if (!QEMU_DRIVE.test(k)) continue;
    const file = (v.split(',')[0] ?? '').replace(/^file=/, '');
    if (file === '' || file === 'none' || file === 'cdrom') continue;
    if (!volumeShared(env, file)) return false;
  }
  return true;
}
