// pvesm list <storage> [--content C] [--vmid N]: volumes and (for file storages) templates/ISOs.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { parseArgs } from '../core/getopt.js';
import { str, vmidSpec } from '../core/schema.js';
import { contentOf, storageRoot } from '../state/storage-cfg.js';
import { needStorage, readIndex, splitVolid } from '../state/volumes.js';

interface Item { volid: string; format: string; content: string; size: number; vmid: string }

function files(dir: string): Array<[string, number]> {
  try {
    return readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size] as [string, number]).filter(([, n]) => n >= 0);
  } catch {
    return [];
  }
}

export function list(ctx: Ctx, args: string[]): number {
  const { args: a, opts } = parseArgs({
    usage: 'pvesm list <storage> [OPTIONS]', args: ['storage'], argSpecs: { storage: str }, opts: { content: str, vmid: vmidSpec },
  }, args);
  const env = ctx.env;
  const s = needStorage(env, a['storage'] as string);
  const items: Item[] = [];
  for (const [volid, info] of Object.entries(readIndex(env))) {
    if (splitVolid(volid)?.storage !== s.id) continue;
    items.push({ volid, format: info.format, content: info.content, size: info.size, vmid: info.vmid });
  }
  const base = storageRoot(env, s);
  if (base) {
    const content = contentOf(s);
    if (content.includes('vztmpl')) {
      for (const [f, n] of files(join(base, 'template/cache'))) {
        items.push({ volid: `${s.id}:vztmpl/${f}`, format: f.replace(/^.*?\.(tar\.\w+|tar)$/, '$1'), content: 'vztmpl', size: n, vmid: '' });
      }
    }
    if (content.includes('iso')) {
      for (const [f, n] of files(join(base, 'template/iso'))) items.push({ volid: `${s.id}:iso/${f}`, format: 'iso', content: 'iso', size: n, vmid: '' });
    }
  }
  let shown = items.sort((x, y) => (x.volid < y.volid ? -1 : 1));
  if (opts['content']) shown = shown.filter((i) => i.content === opts['content']);
  if (opts['vmid']) shown = shown.filter((i) => i.vmid === opts['vmid']);
  const w = Math.max(5, ...shown.map((i) => i.volid.length));
  const sw = Math.max(4, ...shown.map((i) => String(i.size).length));
  const line = (v: string, f: string, t: string, sz: string, id: string): string => `${v.padEnd(w)} ${f.padEnd(7)} ${t.padEnd(9)} ${sz.padStart(sw)} ${id}\n`;
  let out = line('Volid', 'Format', 'Type', 'Size', 'VMID');
  for (const i of shown) out += line(i.volid, i.format, i.content, String(i.size), i.vmid);
  ctx.out(out);
  return 0;
}
