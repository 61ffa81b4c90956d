// pvesm status [--storage ID] [--content C] [--enabled] (pve-storage CLI/pvesm.pm).
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { bool, str } from '../core/schema.js';
import { contentOf, enabledOn, readStorages } from '../state/storage-cfg.js';
import { storageUsage } from '../state/storage-usage.js';

export function status(ctx: Ctx, args: string[]): number {
  const { opts } = parseArgs({
    usage: 'pvesm status [OPTIONS]', opts: { storage: str, content: str, enabled: bool, format: bool, target: str },
  }, args);
  const env = ctx.env;
  let defs = readStorages(env).filter((s) => !s.props['nodes'] || s.props['nodes'].split(',').includes(env.node));
  if (opts['storage']) {
    defs = defs.filter((s) => s.id === opts['storage']);
    if (!defs.length) die(`storage '${opts['storage']}' does not exist`);
  }
  if (opts['content']) defs = defs.filter((s) => contentOf(s).includes(opts['content'] as string));
  if (opts['enabled'] === '1') defs = defs.filter((s) => enabledOn(s, env.node));
  defs.sort((a, b) => (a.id < b.id ? -1 : 1));
  const maxlen = Math.max(0, ...defs.map((s) => s.id.length)) + 1;
  const l = (s: string, w: number): string => s.padEnd(w);
  const r = (s: string | number, w: number): string => String(s).padStart(w);
  let out = `${l('Name', maxlen)} ${r('Type', 10)} ${r('Status', 10)} ${r('Total (KiB)', 15)} ${r('Used (KiB)', 15)} ${r('Available (KiB)', 15)} ${r('%', 8)}\n`;
  for (const s of defs) {
    if (!enabledOn(s, env.node)) {
      out += `${l(s.id, maxlen)} ${r(s.type, 10)} ${r('disabled', 10)} ${r('N/A', 15)} ${r('N/A', 15)} ${r('N/A', 15)} ${r('N/A', 8)}\n`;
      continue;
    }
    const u = storageUsage(env, s);
    const kib = (n: number): number => Math.floor(n / 1024);
    const pct = u.total ? (u.used * 100) / u.total : 0;
    out += `${l(s.id, maxlen)} ${r(s.type, 10)} ${r('active', 10)} ${r(kib(u.total), 15)} ${r(kib(u.used), 15)} ${r(kib(u.avail), 15)} ${` ${pct.toFixed(2)}`.padStart(7)}%\n`;
  }
  ctx.out(out);
  return 0;
}
