// `zfs list` and `zfs get` (read-only).
import type { Ctx } from '../core/ctx.js';
import { readZfs, type ZfsState } from '../state/zfs-state.js';
import { columns } from './format.js';
import { parseFlags, usageError } from './flags.js';
import { ALIASES, isValidProp, propValue } from './props.js';
import { mustExist, USAGE } from './zfs-common.js';

function selected(s: ZfsState, names: string[], recursive: boolean, depth?: number): string[] {
  const all = Object.keys(s.datasets).sort();
  if (!names.length) return all;
  const out: string[] = [];
  for (const n of names) {
    mustExist(s, n);
    for (const d of all) {
      if (d === n) out.push(d);
      else if ((recursive || depth !== undefined) && d.startsWith(`${n}/`)) {
        if (depth === undefined || d.split('/').length - n.split('/').length <= depth) out.push(d);
      }
    }
  }
  return out;
}

export function list(ctx: Ctx, args: string[]): number {
  const f = parseFlags(args, 'Hpr', 'odtsS', USAGE['list'] as string);
  const s = readZfs(ctx.env);
  const fields = (f.values['o']?.join(',') ?? 'name,used,avail,refer,mountpoint').split(',');
  for (const p of fields) if (!isValidProp(p)) usageError(`invalid property '${p}'`, USAGE['list'] as string);
  const types = (f.values['t']?.join(',') ?? 'filesystem,volume').split(',');
  const depth = f.values['d'] ? Number(f.values['d'][0]) : undefined;
  const names = selected(s, f.rest, f.set.has('r'), depth).filter((n) => types.includes('all') || types.includes(s.datasets[n]?.type ?? ''));
  if (!names.length) {
    if (!f.set.has('H')) ctx.err('no datasets available\n');
    return 0;
  }
  const rows = names.map((n) => fields.map((p) => propValue(s, n, p, f.set.has('p'))[0]));
  const numeric = (i: number): boolean => /^(used|avail|available|refer|referenced|quota|refquota|volsize|reservation|recordsize)$/.test(fields[i] ?? '');
  ctx.out(columns(fields.map((p) => p.toUpperCase()), rows, f.set.has('H'), numeric));
  return 0;
}

export function get(ctx: Ctx, args: string[]): number {
  const f = parseFlags(args, 'Hpr', 'odts', USAGE['get'] as string);
  const s = readZfs(ctx.env);
  const propArg = f.rest[0];
  if (!propArg) usageError('missing property argument', USAGE['get'] as string);
  const props = propArg === 'all'
    ? ['type', 'creation', 'used', 'available', 'referenced', 'compressratio', 'mounted', 'quota', 'reservation', 'recordsize', 'mountpoint',
      'checksum', 'compression', 'atime', 'readonly', 'copies', 'refquota', 'acltype', 'xattr', 'relatime', 'sync', 'dedup']
    : propArg.split(',');
  for (const p of props) if (!isValidProp(p)) usageError(`bad property list: invalid property '${p}'`, USAGE['get'] as string);
  const fields = (f.values['o']?.join(',') ?? 'name,property,value,source').split(',');
  const names = selected(s, f.rest.slice(1), f.set.has('r'), f.values['d'] ? Number(f.values['d'][0]) : undefined);
  const rows: string[][] = [];
  for (const n of names) {
    for (const p of props) {
      const [value, source] = propValue(s, n, p, f.set.has('p'));
      const cell: Record<string, string> = { name: n, property: ALIASES[p] ? p : p, value, source, received: '-' };
      rows.push(fields.map((x) => cell[x] ?? '-'));
    }
  }
  ctx.out(columns(fields.map((x) => x.toUpperCase()), rows, f.set.has('H'), () => false));
  return 0;
}

