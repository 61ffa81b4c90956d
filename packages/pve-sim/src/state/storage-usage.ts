// Simulated capacity and usage of a storage (bytes): fixed sizes per type, used = the volumes
// (and for file storages the files under their directory) this node holds on it; a shared storage's are the
// cluster's.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { readIndex, splitVolid, type VolIndex } from './volumes.js';
import { storageRoot, type StorageDef } from './storage-cfg.js';
import { readZfs } from './zfs-state.js';

const GiB = 1024 ** 3;
const CAPACITY: Record<string, number> = { dir: 100 * GiB, lvmthin: 400 * GiB, lvm: 400 * GiB, nfs: 1024 * GiB, cifs: 1024 * GiB, rbd: 1024 * GiB };

function treeBytes(dir: string, depth = 0): number {
  let n = 0;
  let entries: string[] = [];
  try { entries = readdirSync(dir); } catch { return 0; }
  for (const e of entries) {
    const p = join(dir, e);
    try {
      const st = statSync(p);
      n += st.isDirectory() && depth < 6 ? treeBytes(p, depth + 1) : st.size;
    } catch { /* vanished */ }
  }
  return n;
}

export interface Usage { total: number; used: number; avail: number }

/** `index`: the volume registry, when the caller already read it. */
export function storageUsage(env: SimEnv, s: StorageDef, index: VolIndex = readIndex(env)): Usage {
  let total = CAPACITY[s.type] ?? 100 * GiB;
  if (s.type === 'zfspool') {
    const pool = readZfs(env).pools[(s.props['pool'] ?? '').split('/')[0] ?? ''];
    total = pool?.size ?? 0;
  }
  let used = 0;
  for (const [volid, info] of Object.entries(index)) if (splitVolid(volid)?.storage === s.id) used += info.size;
  const root = storageRoot(env, s);
  if (root) used += treeBytes(join(root, 'template'));
  used = Math.min(used, total);
  return { total, used, avail: total - used };
}
