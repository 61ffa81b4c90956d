// qm set <vmid> [OPTIONS] (API2/Qemu.pm update_vm): prints `update VM <id>: -key value ...`.
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs, type CmdSpec } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { vmidSpec } from '../core/schema.js';
import type { GuestConf } from '../conf/config-file.js';
import { saveConf } from '../state/guests.js';
import { lockPath } from '../state/paths.js';
import { isRunning } from '../state/status.js';
import { freeVolume } from '../state/volumes.js';
import { checkLock, requireConf, sectionVolumes } from '../guest/common.js';
import { deletePending, setPending } from '../guest/pending.js';
import { DRIVE_RE, QM_PATTERNS, SET_OPTS } from './options.js';
import { normaliseQm } from './values.js';

const SPEC: CmdSpec = { usage: 'qm set <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, opts: SET_OPTS, patterns: QM_PATTERNS };
const HOTPLUG = /^(name|onboot|protection|startup|tags|description|hookscript|lock|net\d+|unused\d+|ciuser|cipassword|citype|ciupgrade|cicustom|sshkeys|ipconfig\d+|nameserver|searchdomain|(ide|sata|scsi|virtio)\d+)$/;

function freeUnused(conf: GuestConf): string {
  let n = 0;
  while (conf.main.keys[`unused${n}`] !== undefined) n++;
  return `unused${n}`;
}

/** The volume of a drive value that becomes `unusedN` when the drive goes (not CD-ROMs / cloud-init). */
function detachable(key: string, value: string | undefined): string | undefined {
  if (value === undefined || /media=cdrom/.test(value)) return undefined;
  return sectionVolumes('qemu', { [key]: value })[0]?.[1];
}

export function updateLine(vmid: string, opts: Record<string, string>, deletes: string): string {
  const all: Record<string, string> = { ...opts };
  if (deletes) all['delete'] = deletes;
  const parts = Object.keys(all).sort().map((k) => `-${k} ${k === 'cipassword' ? '<hidden>' : all[k]}`);
  return `update VM ${vmid}: ${parts.join(' ')}\n`;
}

export async function set(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs(SPEC, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const deleteStr = opts['delete'] ?? '';
  const deletes = deleteStr.split(/[,;\s]+/).filter(Boolean);
  const skiplock = opts['skiplock'] === '1';
  for (const k of ['delete', 'digest', 'revert', 'skiplock', 'force']) delete opts[k];
  if (!deletes.length && !Object.keys(opts).length) die('no options specified');
  return withLock(lockPath(env), () => {
    const conf = requireConf(env, 'qemu', vmid);
    if (!skiplock) checkLock('qemu', conf);
    const running = isRunning(env, vmid);
    let log = updateLine(vmid, opts, deleteStr);
    for (const d of deletes) {
      if (d === 'description') { delete conf.main.description; continue; }
      if (running && !HOTPLUG.test(d)) { deletePending(conf, d); continue; }
      const old = conf.main.keys[d];
      delete conf.main.keys[d];
      if (conf.pending) delete conf.pending.keys[d];
      if (old === undefined) continue;
      if (/^unused\d+$/.test(d) || (DRIVE_RE.test(d) && /-cloudinit/.test(old))) freeVolume(env, old.split(',')[0] as string);
      else if (DRIVE_RE.test(d)) {
        const vol = detachable(d, old);
        if (vol) conf.main.keys[freeUnused(conf)] = vol;
      }
    }
    for (const k of Object.keys(opts).sort()) {
      const v = opts[k] as string;
      if (k === 'description') { conf.main.description = v; continue; }
      const n = normaliseQm(env, vmid, k, v);
      log += n.log;
      if (running && !HOTPLUG.test(k)) { setPending(conf, k, n.value); continue; }
      const oldVol = DRIVE_RE.test(k) ? detachable(k, conf.main.keys[k]) : undefined;
      conf.main.keys[k] = n.value;
      if (oldVol && oldVol !== detachable(k, n.value)) conf.main.keys[freeUnused(conf)] = oldVol;
      if (conf.pending) delete conf.pending.keys[k];
    }
    if (conf.pending && !Object.keys(conf.pending.keys).length && conf.pending.description === undefined) delete conf.pending;
    saveConf(env, 'qemu', vmid, conf);
    ctx.out(log);
    return 0;
  });
}
