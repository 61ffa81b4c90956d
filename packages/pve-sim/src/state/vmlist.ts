// pmxcfs's `.vmlist` (pve-cluster src/pmxcfs/status.c cfs_create_vmlist_msg): which guest lives on which node,
// with a global version bumped on every change and a per-guest version from a separate counter
// (vmlist_register_vm / vmlist_delete_vm / vmlist_hash_insert_vm). pmxcfs registers a guest on every write of its
// config (memdb.c memdb_write / memdb_rename: PVE writes configs as tmp file + rename), and drops it when the file
// goes. The simulator keeps the counters in `.sim/vmlist.json` and renders `<pmxcfs>/.vmlist` from them.
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { readJson, readText, writeAtomic, writeJson } from '../core/fsx.js';
import { listGuests } from './guests.js';
import { vmlistPath, type GuestType } from './paths.js';

interface VmInfo { node: string; type: GuestType; version: number }
interface VmlistState { version: number; counter: number; ids: Record<string, VmInfo> }

const statePath = (env: SimEnv): string => join(env.pveDir, '.sim', 'vmlist.json');

/** The text pmxcfs serves as `.vmlist` (hash order there; sorted by vmid here). */
export function renderVmlist(st: VmlistState): string {
  const ids = Object.keys(st.ids).sort((a, b) => Number(a) - Number(b));
  if (!ids.length) return `{\n"version": ${st.version}\n\n}\n`;
  const rows = ids.map((id) => {
    const v = st.ids[id] as VmInfo;
    return `"${id}": { "node": "${v.node}", "type": "${v.type}", "version": ${v.version} }`;
  });
  return `{\n"version": ${st.version},\n"ids": {\n${rows.join(',\n')}}\n\n}\n`;
}

/**
 * Bring the registry in line with the config files (a guest that appeared or moved is registered anew); `written`
 * is registered once more whatever it was, as memdb_write / memdb_rename do for every config write.
 */
function reconcile(env: SimEnv, st: VmlistState, written?: string): void {
  const seen = new Set<string>();
  for (const g of listGuests(env)) {
    seen.add(g.vmid);
    const cur = st.ids[g.vmid];
    if (g.vmid !== written && cur && cur.node === g.node && cur.type === g.type) continue;
    st.version++;
    st.ids[g.vmid] = { node: g.node, type: g.type, version: ++st.counter };
  }
  for (const id of Object.keys(st.ids)) {
    if (!seen.has(id)) { delete st.ids[id]; st.version++; }
  }
}

/**
 * Record that guest `vmid`'s config was written (or removed): called under the cluster lock by saveConf /
 * deleteConf, after the file change.
 */
export function noteConfigChange(env: SimEnv, vmid: string, change: 'write' | 'delete'): void {
  const st = readJson<VmlistState>(statePath(env), { version: 0, counter: 0, ids: {} });
  reconcile(env, st, change === 'write' ? vmid : undefined);
  writeJson(statePath(env), st);
  writeAtomic(vmlistPath(env), renderVmlist(st));
}

/** Create `.vmlist` when it is missing (a fresh node, or a state dir from before it existed). */
export function ensureVmlist(env: SimEnv): void {
  if (readText(vmlistPath(env)) !== undefined) return;
  // memdb_recreate_vmlist -> cfs_status_set_vmlist: the list is built anew, one version bump for all of it
  const st: VmlistState = { version: 1, counter: 0, ids: {} };
  for (const g of listGuests(env)) st.ids[g.vmid] = { node: g.node, type: g.type, version: ++st.counter };
  writeJson(statePath(env), st);
  writeAtomic(vmlistPath(env), renderVmlist(st));
}
