// qm set <vmid> [OPTIONS] (API2/Qemu.pm update_vm): prints `update VM <id>: -key value ...`. On a stopped VM every
// change is committed; on a running one only what QemuServer.pm vmconfig_hotplug_pending can hot-plug
// (guest/hotplug-rules.ts: `hotplug` decides network/disk/usb/memory/cpu), the rest waits in `[PENDING]`
// (PVE_SIM_PENDING=0 commits everything at once).
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs, type CmdSpec } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { vmidSpec } from '../core/schema.js';
import { saveConf } from '../state/guests.js';
import { lockPath } from '../state/paths.js';
import { isRunning } from '../state/status.js';
import { checkLock, requireConf } from '../guest/common.js';
import { qemuDeleteNow, qemuSetNow } from '../guest/apply-now.js';
import { qemuHot } from '../guest/hotplug-rules.js';
import { cleanupPending, deletePending, removePendingDelete, revertPending, setPending } from '../guest/pending.js';
import { recordCloudinitChange } from './cloudinit-record.js';
import { QM_PATTERNS, SET_OPTS } from './options.js';
import { normaliseQm } from './values.js';

const SPEC: CmdSpec = { usage: 'qm set <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, opts: SET_OPTS, patterns: QM_PATTERNS };

export function updateLine(vmid: string, opts: Record<string, string>, deletes: string): string {
  const all: Record<string, string> = { ...opts };
  if (deletes) all['delete'] = deletes;
  const parts = Object.keys(all).sort().map((k) => `-${k} ${k === 'cipassword' ? '<hidden>' : all[k]}`);
  return `update VM ${vmid}: ${parts.join(' ')}\n`;
}

const list = (v: string | undefined): string[] => (v ?? '').split(/[,;\s]+/).filter(Boolean);

export async function set(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs(SPEC, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const deleteStr = opts['delete'] ?? '';
  const deletes = list(deleteStr);
  const reverts = list(opts['revert']);
  const skiplock = opts['skiplock'] === '1';
  const force = opts['force'] === '1';
  for (const k of ['delete', 'digest', 'revert', 'skiplock', 'force']) delete opts[k];
  if (!deletes.length && !reverts.length && !Object.keys(opts).length) die('no options specified');
  return withLock(lockPath(env), () => {
    const conf = requireConf(env, 'qemu', vmid);
    if (!skiplock) checkLock('qemu', conf);
    // only a running VM keeps changes pending (update_vm: vmconfig_hotplug_pending when running, else apply)
    const applyAll = !env.pending || !isRunning(env, vmid);
    let log = updateLine(vmid, opts, deleteStr);
    let warn = '';
    for (const r of reverts) revertPending(conf, r);
    for (const d of deletes) {
      const val = d === 'description' ? conf.main.description ?? conf.pending?.description : conf.main.keys[d] ?? conf.pending?.keys[d];
      if (val === undefined) { warn += `cannot delete '${d}' - not set in current configuration!\n`; continue; }
      // update_vm: the pending value goes first, whatever happens to the current one
      if (conf.pending) { if (d === 'description') delete conf.pending.description; else delete conf.pending.keys[d]; }
      if (!applyAll && !qemuHot('delete', d, conf.main.keys)) { deletePending(conf, d, force); continue; }
      const old = conf.main.keys[d];
      qemuDeleteNow(env, conf, d);
      removePendingDelete(conf, d);
      if (!applyAll) recordCloudinitChange(conf, d, old, undefined);
    }
    for (const k of Object.keys(opts).sort()) {
      const v = opts[k] as string;
      const n = k === 'description' ? { value: v, log: '' } : normaliseQm(env, vmid, k, v);
      log += n.log;
      if (!applyAll && !qemuHot('set', k, conf.main.keys, n.value)) { setPending(conf, k, n.value); continue; }
      const old = conf.main.keys[k];
      qemuSetNow(conf, k, n.value);
      removePendingDelete(conf, k);
      if (!applyAll) recordCloudinitChange(conf, k, old, n.value);
    }
    cleanupPending(conf);
    saveConf(env, 'qemu', vmid, conf);
    ctx.out(log);
    if (warn) ctx.err(warn);
    return 0;
  });
}
