// pct resize <vmid> <disk> <[+]size> (API2/LXC.pm resize_vm).
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { str, vmidSpec } from '../core/schema.js';
import { lxcMp, lxcRootfs } from '../conf/formats.js';
import { printPropString, readPropString } from '../conf/prop-string.js';
import { formatSize, parseSize } from '../conf/size.js';
import { saveConf } from '../state/guests.js';
import { lockPath } from '../state/paths.js';
import { checkLock, requireConf } from '../guest/common.js';
import { applyResize, newSize } from '../guest/resize.js';

const DISKS = ['rootfs', ...Array.from({ length: 256 }, (_, i) => `mp${i}`)];

export async function resize(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a } = parseArgs({
    usage: 'pct resize <vmid> <disk> <size> [OPTIONS]', args: ['vmid', 'disk', 'size'],
    argSpecs: {
      vmid: vmidSpec,
      disk: { type: 'string', enum: DISKS },
      size: { type: 'string', format: (v) => (/^\+?\d+(\.\d+)?[KMGT]?$/.test(v) ? undefined : `value does not match the regex pattern`) },
    },
    opts: { digest: str },
  }, args);
  const vmid = a['vmid'] as string;
  const disk = a['disk'] as string;
  return withLock(lockPath(ctx.env), () => {
    const conf = requireConf(ctx.env, 'lxc', vmid);
    checkLock('lxc', conf);
    const value = conf.main.keys[disk];
    if (value === undefined) die(`unable to parse volume ID ''`);
    const fmt = disk === 'rootfs' ? lxcRootfs : lxcMp;
    const p = readPropString(fmt, value);
    const vol = p['volume'] ?? '';
    if (vol.startsWith('/')) die(`unable to resize ${disk}: it is not a storage volume`);
    const current = parseSize(p['size'] ?? '0') ?? 0;
    const size = newSize(current, a['size'] as string, 'unable to shrink disk size');
    if (size === undefined) die('disk is already at specified size');
    p['size'] = formatSize(size);
    conf.main.keys[disk] = printPropString(fmt, p);
    const log = applyResize(ctx.env, vol, current, size);
    saveConf(ctx.env, 'lxc', vmid, conf);
    ctx.out(log);
    return 0;
  });
}
