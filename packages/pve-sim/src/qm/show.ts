// qm config / status / list.
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { bool, str, vmidSpec } from '../core/schema.js';
import { effectiveKeys } from '../conf/config-file.js';
import { listGuests, loadConf } from '../state/guests.js';
import { vmStatus } from '../state/vmstatus.js';
import { requireConf } from '../guest/common.js';
import { printConfig, sectionKeys, statusCommand } from '../pct/show.js';

const hidePw = (keys: Record<string, string>): Record<string, string> =>
  keys['cipassword'] !== undefined ? { ...keys, cipassword: '**********' } : keys;

export function config(ctx: Ctx, args: string[]): number {
  const { args: a, opts } = parseArgs({
    usage: 'qm config <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, opts: { current: bool, snapshot: str },
  }, args);
  const conf = requireConf(ctx.env, 'qemu', a['vmid'] as string);
  if (opts['snapshot'] !== undefined) {
    const snap = conf.snapshots[opts['snapshot']];
    if (!snap) die(`snapshot '${opts['snapshot']}' does not exist`);
    ctx.out(printConfig(hidePw(sectionKeys(snap)), [], ['digest']));
    return 0;
  }
  ctx.out(printConfig(hidePw(effectiveKeys(conf, opts['current'] === '1')), [], ['digest']));
  return 0;
}

export const status = statusCommand('qm', 'qemu');

export function list(ctx: Ctx, args: string[]): number {
  parseArgs({ usage: 'qm list [OPTIONS]', opts: { full: bool } }, args);
  const rows = listGuests(ctx.env, ctx.env.node).filter((g) => g.type === 'qemu');
  if (!rows.length) return 0;
  const line = (id: string, name: string, st: string, mem: string, disk: string, pid: string): string =>
    `${id.padStart(10)} ${name.padEnd(20)} ${st.padEnd(10)} ${mem.padEnd(10)} ${disk.padStart(12)} ${pid.padEnd(10)}\n`;
  let out = line('VMID', 'NAME', 'STATUS', 'MEM(MB)', 'BOOTDISK(GB)', 'PID');
  for (const g of rows) {
    const conf = loadConf(ctx.env, 'qemu', g.vmid);
    if (!conf) continue;
    const st = vmStatus(ctx.env, g, conf); // this node's guests' run records only
    const mem = String(Math.floor(Number(st['maxmem']) / 1048576));
    out += line(g.vmid, String(st['name']), String(st['status']), mem, (Number(st['maxdisk']) / 1024 ** 3).toFixed(2), String(st['pid'] ?? 0));
  }
  ctx.out(out);
  return 0;
}

