// qm create <vmid> [OPTIONS] (API2/Qemu.pm create_vm).
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs, type CmdSpec } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { vmidSpec } from '../core/schema.js';
import { emptySection, type GuestConf } from '../conf/config-file.js';
import { findGuest, saveConf } from '../state/guests.js';
import { lockPath } from '../state/paths.js';
import { setRunning } from '../state/status.js';
import { label } from '../guest/common.js';
import { CREATE_OPTS, DRIVE_RE, QM_PATTERNS } from './options.js';
import { normaliseQm } from './values.js';

const SPEC: CmdSpec = { usage: 'qm create <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, opts: CREATE_OPTS, patterns: QM_PATTERNS };
const SKIP = new Set(['start', 'pool', 'storage', 'unique', 'archive', 'force', 'live-restore', 'bwlimit']);
const IFACE_ORDER = ['ide', 'sata', 'scsi', 'virtio'];

/** get_default_bootdevices: first hard disk, first cdrom (not cloud-init), then the nets. */
export function defaultBoot(keys: Record<string, string>): string | undefined {
  const drives = Object.keys(keys).filter((k) => /^(ide|sata|scsi|virtio)\d+$/.test(k)).sort((a, b) => {
    const ia = IFACE_ORDER.indexOf(a.replace(/\d+$/, ''));
    const ib = IFACE_ORDER.indexOf(b.replace(/\d+$/, ''));
    return ia - ib || Number(a.replace(/^\D+/, '')) - Number(b.replace(/^\D+/, ''));
  });
  const isCd = (k: string): boolean => /media=cdrom/.test(keys[k] ?? '');
  const isCi = (k: string): boolean => /-cloudinit/.test(keys[k] ?? '');
  const disk = drives.find((k) => !isCd(k));
  const cd = drives.find((k) => isCd(k) && !isCi(k));
  const nets = Object.keys(keys).filter((k) => /^net\d+$/.test(k)).sort();
  const order = [disk, cd, ...nets].filter((x): x is string => !!x);
  return order.length ? `order=${order.join(';')}` : undefined;
}

export async function create(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs(SPEC, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  return withLock(lockPath(env), () => {
    const existing = findGuest(env, vmid);
    if (existing) die(`unable to create VM ${vmid} - ${label(existing.type)} ${vmid} already exists on node '${existing.node}'`);
    const conf: GuestConf = { main: emptySection(), snapshots: {} };
    const keys = conf.main.keys;
    let log = '';
    const order = Object.keys(opts).sort((x, y) => Number(!DRIVE_RE.test(x)) - Number(!DRIVE_RE.test(y)) || x.localeCompare(y));
    for (const k of order) {
      if (SKIP.has(k)) continue;
      const v = opts[k] as string;
      if (k === 'description') { conf.main.description = v; continue; }
      const n = normaliseQm(env, vmid, k, v);
      keys[k] = n.value;
      log += n.log;
    }
    if (!keys['boot']) {
      const boot = defaultBoot(keys);
      if (boot) keys['boot'] = boot;
    }
    keys['meta'] ??= `creation-qemu=9.2.0,ctime=${Math.floor(Date.now() / 1000)}`;
    keys['smbios1'] ??= `uuid=${randomUUID()}`;
    keys['vmgenid'] ??= randomUUID();
    saveConf(env, 'qemu', vmid, conf);
    ctx.out(log);
    if (opts['start'] === '1') setRunning(env, vmid, true);
    return 0;
  });
}
