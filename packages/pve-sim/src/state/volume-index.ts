// The registry of volume sizes and owners (for pvesm list/status and disk numbering): this node's local
// storages in the state dir, shared storages in the pmxcfs dir. Callers see one merged map.
import type { SimEnv } from '../core/env.js';
import { readJson, writeJson } from '../core/fsx.js';
import { sharedVolumeIndexFile, volumeIndexFile } from './paths.js';
import { isShared, readStorages } from './storage-cfg.js';

export interface VolInfo { size: number; vmid: string; format: string; content: 'images' | 'rootdir' }
export type VolIndex = Record<string, VolInfo>;

const storageOf = (volid: string): string => volid.slice(0, Math.max(0, volid.indexOf(':')));

export function readIndex(env: SimEnv): VolIndex {
  return { ...readJson<VolIndex>(volumeIndexFile(env), {}), ...readJson<VolIndex>(sharedVolumeIndexFile(env), {}) };
}

/** Write back a (merged) index: entries of shared storages to the cluster's registry, the rest to this node's. */
export function writeIndex(env: SimEnv, idx: VolIndex): void {
  const shared = new Set(readStorages(env).filter(isShared).map((s) => s.id));
  const local: VolIndex = {};
  const cluster: VolIndex = {};
  for (const [volid, info] of Object.entries(idx)) (shared.has(storageOf(volid)) ? cluster : local)[volid] = info;
  writeJson(volumeIndexFile(env), local);
  writeJson(sharedVolumeIndexFile(env), cluster);
}
