// Simulated ZFS: pools and datasets of this node (`$PVE_SIM_DIR/zfs.json`). Filesystem mountpoints
// are host directories (under the host dir); zvols get a directory under the state dir.
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { readJson, writeJson } from '../core/fsx.js';
import { zfsStateFile } from './paths.js';

export interface Dataset {
  type: 'filesystem' | 'volume';
  /** Locally set properties. */
  props: Record<string, string>;
  creation: number;
  /** Bytes referenced (simulated). */
  used: number;
}

export interface VdevGroup { kind: string; disks: string[] }
export interface Pool { layout: string; vdevs: string[]; groups: VdevGroup[]; size: number; props: Record<string, string>; creation: number }

export interface ZfsState { pools: Record<string, Pool>; datasets: Record<string, Dataset> }

export const readZfs = (env: SimEnv): ZfsState => readJson<ZfsState>(zfsStateFile(env), { pools: {}, datasets: {} });
export const writeZfs = (env: SimEnv, s: ZfsState): void => writeJson(zfsStateFile(env), s);

export const parentOf = (name: string): string | undefined => (name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : undefined);
export const poolOf = (name: string): string => name.split('/')[0] as string;

/** Where a property's value comes from: [value, source] with source local/inherited from X/default. */
export function inheritedProp(s: ZfsState, name: string, prop: string): [string, string] | undefined {
  let cur: string | undefined = name;
  while (cur !== undefined) {
    const v = s.datasets[cur]?.props[prop];
    if (v !== undefined) return [v, cur === name ? 'local' : `inherited from ${cur}`];
    cur = parentOf(cur);
  }
  return undefined;
}

/** The mountpoint as ZFS reports it: local, inherited (parent's + relative path) or `/<name>`. */
export function mountpointOf(s: ZfsState, name: string): string {
  let cur: string | undefined = name;
  const rest: string[] = [];
  while (cur !== undefined) {
    const v = s.datasets[cur]?.props['mountpoint'];
    if (v !== undefined) return v === 'none' || v === 'legacy' ? v : [v.replace(/\/$/, ''), ...rest].join('/') || '/';
    rest.unshift(cur.slice(cur.lastIndexOf('/') + 1));
    cur = parentOf(cur);
  }
  return `/${name}`;
}

/** Directory holding a dataset's files. */
export function datasetDirIn(env: SimEnv, s: ZfsState, name: string): string {
  const ds = s.datasets[name];
  if (ds?.type === 'volume') return join(env.stateDir, 'zvols', name);
  const mp = mountpointOf(s, name);
  return join(env.hostDir, mp.startsWith('/') ? mp : `/${name}`);
}
