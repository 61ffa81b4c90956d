// The pending section (`[pve:pending]` for CTs, `[PENDING]` for VMs): values set on a running guest that the
// guest cannot take at once, applied by its next start or reboot. The delete list and its clean-up follow
// pve-guest-common src/PVE/AbstractConfig.pm (parse_pending_delete, print_pending_delete, add_to_pending_delete,
// remove_from_pending_delete, cleanup_pending).
import type { SimEnv } from '../core/env.js';
import { emptySection, type GuestConf, type Section } from '../conf/config-file.js';
import type { GuestType } from '../state/paths.js';
import { lxcDeleteNow, lxcSetNow, qemuDeleteNow, qemuSetNow } from './apply-now.js';

/** AbstractConfig::parse_pending_delete: `a,!b c;d` -> key -> force. */
export function parsePendingDelete(data: string | undefined): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const e of (data ?? '').split(/[,;\s]+/).filter(Boolean)) out.set(e.replace(/^!/, ''), e.startsWith('!'));
  return out;
}

/** AbstractConfig::print_pending_delete: sorted, `!` for forced deletions. */
function printPendingDelete(p: Section, del: Map<string, boolean>): void {
  if (!del.size) { delete p.keys['delete']; return; }
  p.keys['delete'] = [...del.keys()].sort().map((k) => (del.get(k) ? `!${k}` : k)).join(',');
}

export function pendingSection(conf: GuestConf): Section {
  conf.pending ??= emptySection();
  return conf.pending;
}

/** Record a pending value (and drop the key from the pending delete list). */
export function setPending(conf: GuestConf, key: string, value: string): void {
  const p = pendingSection(conf);
  if (key === 'description') p.description = value; else p.keys[key] = value;
  removePendingDelete(conf, key);
}

/** AbstractConfig::add_to_pending_delete. */
export function deletePending(conf: GuestConf, key: string, force = false): void {
  const p = pendingSection(conf);
  const del = parsePendingDelete(p.keys['delete']);
  del.set(key, force);
  printPendingDelete(p, del);
}

/** AbstractConfig::remove_from_pending_delete. */
export function removePendingDelete(conf: GuestConf, key: string): void {
  const p = conf.pending;
  if (!p) return;
  const del = parsePendingDelete(p.keys['delete']);
  if (!del.delete(key)) return;
  printPendingDelete(p, del);
}

/** `--revert KEY`: forget a pending value or deletion (API2/LXC/Config.pm update_pct_config, API2/Qemu.pm update_vm). */
export function revertPending(conf: GuestConf, key: string): void {
  if (conf.pending) {
    if (key === 'description') delete conf.pending.description; else delete conf.pending.keys[key];
  }
  removePendingDelete(conf, key);
}

/**
 * AbstractConfig::cleanup_pending: a pending value equal to the current one is dropped, and so is a pending
 * deletion of a key the current config does not have. An empty section goes.
 */
export function cleanupPending(conf: GuestConf): void {
  const p = conf.pending;
  if (!p) return;
  for (const [k, v] of Object.entries(p.keys)) {
    if (k !== 'delete' && conf.main.keys[k] === v) delete p.keys[k];
  }
  if (p.description !== undefined && p.description === conf.main.description) delete p.description;
  const del = parsePendingDelete(p.keys['delete']);
  for (const k of [...del.keys()]) {
    const current = k === 'description' ? conf.main.description : conf.main.keys[k];
    if (current === undefined) del.delete(k);
  }
  printPendingDelete(p, del);
  if (!Object.keys(p.keys).length && !p.lxc.length && p.description === undefined) delete conf.pending;
}

/** Does the guest have anything pending? */
export const hasPending = (conf: GuestConf): boolean => conf.pending !== undefined;

/**
 * Apply every pending change, as the next start does: PVE::LXC::vm_start / QemuServer.pm vm_start_nolock call
 * vmconfig_apply_pending (deletions first, then the values). `normalise` finishes a pending value the start has
 * to complete (a CT mount point `STORAGE:SIZE` is allocated only now: apply_pending_mountpoint).
 * Returns whether the config changed.
 */
export function applyPending(env: SimEnv, type: GuestType, conf: GuestConf, normalise?: (key: string, value: string) => string): boolean {
  const p = conf.pending;
  if (!p) return false;
  const del = type === 'lxc' ? lxcDeleteNow : qemuDeleteNow;
  const set = type === 'lxc' ? lxcSetNow : qemuSetNow;
  for (const k of [...parsePendingDelete(p.keys['delete']).keys()].sort()) del(env, conf, k);
  delete p.keys['delete'];
  for (const k of Object.keys(p.keys).sort()) {
    const v = p.keys[k] as string;
    set(conf, k, normalise ? normalise(k, v) : v);
  }
  if (p.description !== undefined) conf.main.description = p.description;
  if (p.lxc.length) conf.main.lxc = p.lxc;
  delete conf.pending;
  return true;
}
