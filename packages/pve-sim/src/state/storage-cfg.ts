// /etc/pve/storage.cfg (SectionConfig format): `type: id` then tab-indented `key value` lines.
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { readText, writeAtomic } from '../core/fsx.js';
import { sharedStorageDir, storageCfgPath } from './paths.js';

export interface StorageDef {
  type: string;
  id: string;
  /** Keys in file order; boolean flags written bare are read as '1'. */
  props: Record<string, string>;
}

export const DEFAULT_STORAGE_CFG = `dir: local
\tpath /var/lib/vz
\tcontent iso,vztmpl,backup

lvmthin: local-lvm
\tthinpool data
\tvgname pve
\tcontent rootdir,images

`;

export function parseStorageCfg(text: string): StorageDef[] {
  const out: StorageDef[] = [];
  let cur: StorageDef | undefined;
  for (const line of text.split('\n')) {
    const head = /^(\S+):\s*(\S+)\s*$/.exec(line);
    if (head) {
      cur = { type: head[1] as string, id: head[2] as string, props: {} };
      out.push(cur);
      continue;
    }
    const kv = /^\s+(\S+)(?:\s+(.*\S))?\s*$/.exec(line);
    if (kv && cur) cur.props[kv[1] as string] = kv[2] ?? '1';
  }
  return out;
}

export function writeStorageCfg(defs: readonly StorageDef[]): string {
  return defs
    .map((d) => `${d.type}: ${d.id}\n${Object.entries(d.props).map(([k, v]) => `\t${k} ${v}\n`).join('')}`)
    .join('\n') + '\n';
}

export function readStorages(env: SimEnv): StorageDef[] {
  return parseStorageCfg(readText(storageCfgPath(env)) ?? DEFAULT_STORAGE_CFG);
}

export function saveStorages(env: SimEnv, defs: readonly StorageDef[]): void {
  writeAtomic(storageCfgPath(env), writeStorageCfg(defs));
}

export function getStorage(env: SimEnv, id: string): StorageDef | undefined {
  return readStorages(env).find((s) => s.id === id);
}

export function contentOf(s: StorageDef): string[] {
  return (s.props['content'] ?? '').split(',').filter((c) => c !== '');
}

/** Is the storage enabled on this node (no `disable`, `nodes` unset or listing it)? */
export function enabledOn(s: StorageDef, node: string): boolean {
  if (s.props['disable'] === '1') return false;
  const nodes = s.props['nodes'];
  return !nodes || nodes.split(',').includes(node);
}

/** The directory of a file-based storage, as an absolute node path. */
export function storagePath(s: StorageDef): string | undefined {
  if (s.type === 'dir' || s.type === 'nfs' || s.type === 'cifs') return s.props['path'] ?? `/mnt/pve/${s.id}`;
  if (s.type === 'zfspool') return `/${s.props['pool'] ?? ''}`;
  return undefined;
}

/** File-based storages keep volumes as `<vmid>/<name>.<fmt>`. */
export function storageDirStyle(s: StorageDef): boolean {
  return s.type === 'dir' || s.type === 'nfs' || s.type === 'cifs';
}

/** Storage types PVE always treats as shared (Storage/Plugin.pm @SHARED_STORAGE). */
const SHARED_TYPES = ['iscsi', 'nfs', 'cifs', 'rbd', 'cephfs', 'iscsidirect', 'glusterfs', 'zfs', 'drbd', 'pbs'];

/** Is the storage shared between the cluster members (`shared 1`, or a type that always is)? */
export function isShared(s: StorageDef): boolean {
  return s.props['shared'] === '1' || SHARED_TYPES.includes(s.type);
}

/**
 * Where the files of a file-based storage live for this node (templates, ISOs): under the node's host dir, or
 * for a shared storage one directory in the pmxcfs dir that every member sees.
 */
export function storageRoot(env: SimEnv, s: StorageDef): string | undefined {
  if (s.type === 'zfspool') return undefined;
  const path = storagePath(s);
  if (path === undefined) return undefined;
  return isShared(s) ? sharedStorageDir(env, s.id) : join(env.hostDir, path);
}
