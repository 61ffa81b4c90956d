// Guest configs in the (shared) pmxcfs directory: find, load, save, list across the cluster.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { readText, writeAtomic, removeTree } from '../core/fsx.js';
import { parseConf, writeConf, type GuestConf } from '../conf/config-file.js';
import { confDirName, confPath, type GuestType } from './paths.js';
import { noteConfigChange } from './vmlist.js';

export interface GuestRef { vmid: string; type: GuestType; node: string }

function ls(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Every guest of the cluster (all nodes sharing this pmxcfs), sorted by vmid. */
export function listGuests(env: SimEnv, node?: string): GuestRef[] {
  const out: GuestRef[] = [];
  const nodes = node ? [node] : ls(join(env.pveDir, 'nodes'));
  for (const n of nodes) {
    for (const type of ['lxc', 'qemu'] as const) {
      for (const f of ls(join(env.pveDir, 'nodes', n, confDirName(type)))) {
        const m = /^(\d+)\.conf$/.exec(f);
        if (m) out.push({ vmid: m[1] as string, type, node: n });
      }
    }
  }
  return out.sort((a, b) => Number(a.vmid) - Number(b.vmid));
}

/** Where a vmid lives in the cluster, if anywhere. */
export function findGuest(env: SimEnv, vmid: string): GuestRef | undefined {
  for (const n of ls(join(env.pveDir, 'nodes'))) {
    for (const type of ['lxc', 'qemu'] as const) {
      if (existsSync(confPath(env, type, vmid, n))) return { vmid, type, node: n };
    }
  }
  return undefined;
}

export function loadConf(env: SimEnv, type: GuestType, vmid: string, node = env.node): GuestConf | undefined {
  const text = readText(confPath(env, type, vmid, node));
  return text === undefined ? undefined : parseConf(text, type);
}

export function rawConf(env: SimEnv, type: GuestType, vmid: string, node = env.node): string | undefined {
  return readText(confPath(env, type, vmid, node));
}

export function saveConf(env: SimEnv, type: GuestType, vmid: string, conf: GuestConf, node = env.node): void {
  writeAtomic(confPath(env, type, vmid, node), writeConf(conf, type));
  noteConfigChange(env, vmid, 'write');
}

export function deleteConf(env: SimEnv, type: GuestType, vmid: string, node = env.node): void {
  removeTree(confPath(env, type, vmid, node));
  noteConfigChange(env, vmid, 'delete');
}

/** Lowest free vmid >= 100 across the cluster. */
export function nextId(env: SimEnv): number {
  const used = new Set(listGuests(env).map((g) => Number(g.vmid)));
  let id = 100;
  while (used.has(id)) id++;
  return id;
}
