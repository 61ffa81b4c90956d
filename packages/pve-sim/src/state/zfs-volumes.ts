// PVE zfspool storage volumes are ZFS datasets: keep the zfs state in step with volume allocation.
import type { SimEnv } from '../core/env.js';
import { datasetDirIn, readZfs, writeZfs } from './zfs-state.js';

export function datasetDir(env: SimEnv, name: string): string {
  return datasetDirIn(env, readZfs(env), name);
}

/** A CT subvol is a filesystem with refquota; a VM disk is a zvol. */
export function zfsVolumeCreated(env: SimEnv, name: string, size: number): void {
  const s = readZfs(env);
  const leaf = name.slice(name.lastIndexOf('/') + 1);
  const isFs = /^(subvol|basevol)-/.test(leaf);
  s.datasets[name] = {
    type: isFs ? 'filesystem' : 'volume',
    props: isFs ? { refquota: String(size), acltype: 'posixacl', xattr: 'sa' } : { volsize: String(size) },
    creation: Math.floor(Date.now() / 1000),
    used: 0,
  };
  writeZfs(env, s);
}

export function zfsVolumeRemoved(env: SimEnv, name: string): void {
  const s = readZfs(env);
  for (const k of Object.keys(s.datasets)) if (k === name || k.startsWith(`${name}@`)) delete s.datasets[k];
  writeZfs(env, s);
}
