// pct set <vmid> [OPTIONS] (API2/LXC/Config.pm update_vm, LXC/Config.pm update_pct_config): on a stopped CT every
// change is committed; on a running one only what vmconfig_hotplug_pending can hot-plug (guest/hotplug-rules.ts),
// the rest waits in `[pve:pending]` (PVE_SIM_PENDING=0 commits everything at once).
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs, type CmdSpec } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { vmidSpec } from '../core/schema.js';
import type { GuestConf } from '../conf/config-file.js';
import { saveConf } from '../state/guests.js';
import { lockPath } from '../state/paths.js';
import { isRunning } from '../state/status.js';
import { checkLock, requireConf } from '../guest/common.js';
import { lxcDeleteNow, lxcSetNow } from '../guest/apply-now.js';
import { lxcHot } from '../guest/hotplug-rules.js';
import { cleanupPending, deletePending, removePendingDelete, revertPending, setPending } from '../guest/pending.js';
import { LXC_PATTERNS, SET_OPTS } from './options.js';
import { normaliseLxc } from './values.js';

const SPEC: CmdSpec = { usage: 'pct set <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, opts: SET_OPTS, patterns: LXC_PATTERNS };

/** update_pct_config: `unable to delete required option` (memory, rootfs, ostype). */
const REQUIRED = ['memory', 'rootfs', 'ostype'];

function has(conf: GuestConf, k: string): boolean {
  return k === 'description' ? conf.main.description !== undefined || conf.pending?.description !== undefined
    : conf.main.keys[k] !== undefined || conf.pending?.keys[k] !== undefined;
}

const list = (v: string | undefined): string[] => (v ?? '').split(/[,;\s]+/).filter(Boolean);

export async function set(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs(SPEC, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const deletes = list(opts['delete']);
  const reverts = list(opts['revert']);
  delete opts['delete'];
  delete opts['digest'];
  delete opts['revert'];
  if (!deletes.length && !reverts.length && !Object.keys(opts).length) die('no options specified');
  return withLock(lockPath(env), () => {
    const conf = requireConf(env, 'lxc', vmid);
    checkLock('lxc', conf);
    if (opts['unprivileged'] !== undefined) die(`unable to modify read-only option: 'unprivileged'`);
    // only a running CT keeps changes pending (update_pct_config: hotplug when running, else apply)
    const applyAll = !env.pending || !isRunning(env, vmid);
    for (const r of reverts) revertPending(conf, r);
    let warn = '';
    for (const d of deletes) {
      if (!has(conf, d)) { warn += `cannot delete '${d}' - not set in current configuration!\n`; continue; }
      if (REQUIRED.includes(d)) die(`unable to delete required option '${d}'`);
      if (d === 'unprivileged') die(`unable to delete read-only option: '${d}'`);
      if (!applyAll && !lxcHot('delete', d, conf.main.keys)) { deletePending(conf, d); continue; }
      lxcDeleteNow(env, conf, d);
      removePendingDelete(conf, d);
    }
    let log = '';
    for (const k of Object.keys(opts).sort()) {
      const v = opts[k] as string;
      if (!applyAll && !lxcHot('set', k, conf.main.keys)) {
        setPending(conf, k, k === 'description' ? v : normaliseLxc(env, vmid, k, v, false).value);
        continue;
      }
      const n = k === 'description' ? { value: v, log: '' } : normaliseLxc(env, vmid, k, v);
      log += n.log;
      lxcSetNow(conf, k, n.value);
      removePendingDelete(conf, k);
    }
    cleanupPending(conf);
    saveConf(env, 'lxc', vmid, conf);
    if (log) ctx.out(log);
    if (warn) ctx.err(warn);
    return 0;
  });
}
