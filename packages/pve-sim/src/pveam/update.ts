// pveam update / pveam available [--section S] (pve-manager PVE/CLI/pveam.pm `update`, `available`).
import type { Ctx } from '../core/ctx.js';
import { parseArgs } from '../core/getopt.js';
import { readAplIndex, writeIndex } from './index-file.js';

export function update(ctx: Ctx, args: string[]): number {
  parseArgs({ usage: 'pveam update', args: [], argSpecs: {}, opts: {} }, args);
  writeIndex(ctx.env);
  ctx.out('update successful\n');
  return 0;
}

export function available(ctx: Ctx, args: string[]): number {
  const { opts } = parseArgs({
    usage: 'pveam available [OPTIONS]', args: [], argSpecs: {},
    opts: { section: { type: 'string', enum: ['system', 'mail', 'turnkeylinux'] } },
  }, args);
  const rows = readAplIndex(ctx.env, (t) => ctx.err(t)).filter((a) => !opts['section'] || a.section === opts['section'])
    .sort((a, b) => a.section.localeCompare(b.section) || a.template.localeCompare(b.template));
  // `printf "%-15s %-60s %s\n", $section, $template, $arch`
  ctx.out(rows.map((a) => `${a.section.padEnd(15)} ${a.template.padEnd(60)} ${a.architecture}\n`).join(''));
  return 0;
}
