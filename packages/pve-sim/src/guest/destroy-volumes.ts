// Freeing every volume of a guest being destroyed (all sections), with the storage's output.
import type { SimEnv } from '../core/env.js';
import { workerDie } from '../core/errors.js';
import type { GuestConf } from '../conf/config-file.js';
import type { GuestType } from '../state/paths.js';
import { getStorage } from '../state/storage-cfg.js';
import { freeVolume, readIndex, splitVolid } from '../state/volumes.js';
import { sectionVolumes } from './common.js';

export function guestVolumes(type: GuestType, conf: GuestConf): string[] {
  const all = new Set<string>();
  for (const [, v] of sectionVolumes(type, conf.main.keys)) all.add(v);
  for (const s of Object.values(conf.snapshots)) for (const [, v] of sectionVolumes(type, s.keys)) all.add(v);
  if (conf.pending) for (const [, v] of sectionVolumes(type, conf.pending.keys)) all.add(v);
  return [...all];
}

/** Refuse (before touching anything) when a linked clone still uses one of these base volumes. */
export function assertNoLinkedClones(env: SimEnv, volids: readonly string[]): void {
  const idx = Object.keys(readIndex(env));
  for (const v of volids) {
    if (idx.some((o) => o.startsWith(`${v}/`))) workerDie(`base volume '${v}' is still in use by linked cloned`);
  }
}

export function freeAll(env: SimEnv, volids: readonly string[]): string {
  let log = '';
  for (const volid of volids) {
    const v = splitVolid(volid);
    const s = v ? getStorage(env, v.storage) : undefined;
    freeVolume(env, volid);
    if (v && (s?.type === 'lvmthin' || s?.type === 'lvm')) log += `  Logical volume "${v.volname.split('/').pop()}" successfully removed.\n`;
  }
  return log;
}
