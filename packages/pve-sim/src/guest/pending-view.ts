// `pct pending` / `qm pending` and GET /nodes/<n>/{lxc,qemu}/<id>/pending: the config as current value, pending
// value and pending deletion per key (pve-guest-common src/PVE/GuestHelpers.pm config_with_pending_array, printed
// by format_pending as `cur k: v` / `new k: v` / `del k: v`). qemu hides `cipassword` (API2/Qemu.pm vm_pending).
import { createHash } from 'node:crypto';
import type { Ctx } from '../core/ctx.js';
import { parseArgs } from '../core/getopt.js';
import { vmidSpec } from '../core/schema.js';
import type { GuestConf } from '../conf/config-file.js';
import { encodeText } from '../conf/encode.js';
import { rawConf } from '../state/guests.js';
import type { GuestType } from '../state/paths.js';
import { requireConf } from './common.js';
import { parsePendingDelete } from './pending.js';

export interface PendingItem { key: string; value?: string; pending?: string; delete?: number }

export function pendingItems(type: GuestType, conf: GuestConf, raw: string): PendingItem[] {
  const cur: Record<string, string> = { ...conf.main.keys, digest: createHash('sha1').update(raw).digest('hex') };
  if (conf.main.description !== undefined) cur['description'] = conf.main.description;
  const pend: Record<string, string> = { ...(conf.pending?.keys ?? {}) };
  delete pend['delete'];
  if (conf.pending?.description !== undefined) pend['description'] = conf.pending.description;
  if (type === 'qemu') {
    if (cur['cipassword'] !== undefined) cur['cipassword'] = '**********';
    if (pend['cipassword'] !== undefined) pend['cipassword'] = '********** ';
  }
  const del = parsePendingDelete(conf.pending?.keys['delete']);
  const keys = [...new Set([...Object.keys(cur), ...Object.keys(pend), ...del.keys()])].sort();
  return keys.map((key) => {
    const item: PendingItem = { key };
    if (cur[key] !== undefined) item.value = cur[key];
    if (pend[key] !== undefined) item.pending = pend[key];
    if (del.has(key)) item.delete = del.get(key) ? 2 : 1;
    return item;
  });
}

/** GuestHelpers.pm format_pending. */
export function formatPending(items: readonly PendingItem[]): string {
  let out = '';
  for (const it of items) {
    if (it.key === 'digest') continue;
    const enc = (v: string | undefined): string | undefined => (v !== undefined && it.key === 'description' ? encodeText(v) : v);
    const v = enc(it.value);
    const p = enc(it.pending);
    if (v !== undefined) {
      if (it.delete) out += `del ${it.key}: ${v}\n`;
      else if (p !== undefined) out += `cur ${it.key}: ${v}\nnew ${it.key}: ${p}\n`;
      else out += `cur ${it.key}: ${v}\n`;
    } else if (p !== undefined) {
      out += `new ${it.key}: ${p}\n`;
    }
  }
  return out;
}

export function pendingCommand(tool: 'pct' | 'qm', type: GuestType) {
  return (ctx: Ctx, args: string[]): number => {
    const { args: a } = parseArgs({ usage: `${tool} pending <vmid>`, args: ['vmid'], argSpecs: { vmid: vmidSpec } }, args);
    const vmid = a['vmid'] as string;
    const conf = requireConf(ctx.env, type, vmid);
    ctx.out(formatPending(pendingItems(type, conf, rawConf(ctx.env, type, vmid) ?? '')));
    return 0;
  };
}
