// pct config / status / list.
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { bool, str, vmidSpec } from '../core/schema.js';
import { effectiveKeys, type Section } from '../conf/config-file.js';
import { encodeText } from '../conf/encode.js';
import { listGuests, loadConf } from '../state/guests.js';
import { vmStatus } from '../state/vmstatus.js';
import { requireConf } from '../guest/common.js';

export function printConfig(keys: Record<string, string>, lxc: ReadonlyArray<[string, string]>, skip: readonly string[]): string {
  let out = '';
  for (const k of Object.keys(keys).sort()) {
    if (skip.includes(k)) continue;
    const v = keys[k] as string;
    out += `${k}: ${k === 'description' ? encodeText(v) : v}\n`;
  }
  for (const [k, v] of lxc) out += `${k}: ${v}\n`;
  return out;
}

export function sectionKeys(s: Section): Record<string, string> {
  const keys = { ...s.keys };
  if (s.description !== undefined) keys['description'] = s.description;
  return keys;
}

export function config(ctx: Ctx, args: string[]): number {
  const { args: a, opts } = parseArgs({
    usage: 'pct config <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, opts: { current: bool, snapshot: str },
  }, args);
  const conf = requireConf(ctx.env, 'lxc', a['vmid'] as string);
  if (opts['snapshot'] !== undefined) {
    const snap = conf.snapshots[opts['snapshot']];
    if (!snap) die(`snapshot '${opts['snapshot']}' does not exist`);
    ctx.out(printConfig(sectionKeys(snap), snap.lxc, ['digest']));
    return 0;
  }
  ctx.out(printConfig(effectiveKeys(conf, opts['current'] === '1'), conf.main.lxc, ['digest']));
  return 0;
}

/** `pct status` / `qm status`: `status: running`, or every status field with --verbose. */
export function statusCommand(tool: 'pct' | 'qm', type: 'lxc' | 'qemu') {
  return (ctx: Ctx, args: string[]): number => {
    const { args: a, opts } = parseArgs({
      usage: `${tool} status <vmid> [OPTIONS]`, args: ['vmid'], argSpecs: { vmid: vmidSpec }, opts: { verbose: bool },
    }, args);
    const vmid = a['vmid'] as string;
    const conf = requireConf(ctx.env, type, vmid);
    const st = vmStatus(ctx.env, { vmid, type, node: ctx.env.node }, conf);
    if (opts['verbose'] === '1') {
      for (const k of Object.keys(st).sort()) ctx.out(`${k}: ${st[k]}\n`);
    } else {
      ctx.out(`status: ${st['status']}\n`);
    }
    return 0;
  };
}

export const status = statusCommand('pct', 'lxc');

export function list(ctx: Ctx, args: string[]): number {
  parseArgs({ usage: 'pct list' }, args);
  const rows = listGuests(ctx.env, ctx.env.node).filter((g) => g.type === 'lxc');
  if (!rows.length) return 0;
  const fmt = (a: string, b: string, c: string, d: string): string => `${a.padEnd(10)} ${b.padEnd(10)} ${c.padEnd(12)} ${d.padEnd(20)}\n`;
  let out = fmt('VMID', 'Status', 'Lock', 'Name');
  for (const g of rows) {
    const conf = loadConf(ctx.env, 'lxc', g.vmid);
    if (!conf) continue;
    const st = vmStatus(ctx.env, g, conf); // this node's guests' run records only
    out += fmt(g.vmid, String(st['status']), String(st['lock'] ?? ''), String(st['name']));
  }
  ctx.out(out);
  return 0;
}
