// `zpool create|list|status|destroy` (openzfs cmd/zpool/zpool_main.c), simulated disks of 100 GiB.
import { mkdirSync } from 'node:fs';
import type { Ctx } from '../core/ctx.js';
import { SimError } from '../core/errors.js';
import { removeTree } from '../core/fsx.js';
import { withLock } from '../core/lock.js';
import { lockPath } from '../state/paths.js';
import { datasetDirIn, readZfs, writeZfs, type Pool, type VdevGroup as Group } from '../state/zfs-state.js';
import { columns, nicebytes } from './format.js';
import { parseFlags, usageError } from './flags.js';
import { usedOf } from './props.js';

const DISK = 100 * 1024 ** 3;
const LAYOUTS = ['mirror', 'raidz', 'raidz1', 'raidz2', 'raidz3'];
const USAGE: Record<string, string> = {
  create: '\tcreate [-fnd] [-o property=value] ... \n\t    [-O file-system-property=value] ... \n\t    [-m mountpoint] [-R root] <pool> <vdev> ...\n',
  list: '\tlist [-gHLpPv] [-o property[,...]] [-T d|u] [pool] ... \n\t    [interval [count]]\n',
  status: '\tstatus [-c [script1,script2,...]] [-igLpPstvxD]  [-T d|u] [pool] ... \n\t    [interval [count]]\n',
  destroy: '\tdestroy [-f] <pool>\n',
};

function fail(msg: string): never { throw new SimError(msg, 1); }

function groups(vdevs: readonly string[]): Group[] {
  const out: Group[] = [];
  let cur: Group | undefined;
  for (const v of vdevs) {
    if (LAYOUTS.includes(v)) { cur = { kind: v === 'raidz' ? 'raidz1' : v, disks: [] }; out.push(cur); continue; }
    if (!cur) { cur = { kind: 'stripe', disks: [] }; out.push(cur); }
    cur.disks.push(v);
  }
  return out;
}

function capacity(gs: Group[]): number {
  let n = 0;
  for (const g of gs) {
    if (g.kind === 'mirror') n += DISK;
    else if (g.kind.startsWith('raidz')) n += Math.max(0, g.disks.length - Number(g.kind.slice(5))) * DISK;
    else n += g.disks.length * DISK;
  }
  return n;
}

function create(ctx: Ctx, args: string[]): Promise<number> {
  const f = parseFlags(args, 'fnd', 'oOmR', USAGE['create'] as string);
  const [name, ...vdevs] = f.rest;
  if (!name) usageError('missing pool name argument', USAGE['create'] as string);
  if (!vdevs.length) usageError('missing vdev specification', USAGE['create'] as string);
  const gs = groups(vdevs);
  for (const g of gs) {
    if (!g.disks.length || (g.kind === 'mirror' && g.disks.length < 2)) fail(`invalid vdev specification: ${g.kind} requires at least 2 devices`);
  }
  return withLock(lockPath(ctx.env), () => {
    const s = readZfs(ctx.env);
    if (s.pools[name]) fail(`cannot create '${name}': pool already exists`);
    const used = Object.entries(s.pools).flatMap(([p, pool]) => pool.vdevs.map((d) => [d, p] as const));
    const busy = gs.flatMap((g) => g.disks).map((d) => used.find(([x]) => x === d)).filter((x): x is readonly [string, string] => !!x);
    if (busy.length) {
      fail(`invalid vdev specification\nuse '-f' to override the following errors:\n${busy.map(([d, p]) => `${d} is part of active pool '${p}'`).join('\n')}`);
    }
    const props: Record<string, string> = {};
    for (const kv of f.values['o'] ?? []) props[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
    const pool: Pool = { layout: gs.map((g) => g.kind).join('+'), vdevs: gs.flatMap((g) => g.disks), groups: gs, size: capacity(gs), props, creation: Math.floor(Date.now() / 1000) };
    s.pools[name] = pool;
    const ds = { type: 'filesystem' as const, props: {} as Record<string, string>, creation: pool.creation, used: 0 };
    for (const kv of f.values['O'] ?? []) ds.props[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
    if (f.values['m']) ds.props['mountpoint'] = f.values['m'][0] as string;
    s.datasets[name] = ds;
    writeZfs(ctx.env, s);
    mkdirSync(datasetDirIn(ctx.env, s, name), { recursive: true });
    return 0;
  });
}

function list(ctx: Ctx, args: string[]): number {
  const f = parseFlags(args, 'gHLpPv', 'oT', USAGE['list'] as string);
  const s = readZfs(ctx.env);
  for (const n of f.rest) if (!s.pools[n]) fail(`cannot open '${n}': no such pool`);
  const names = (f.rest.length ? f.rest : Object.keys(s.pools)).sort();
  if (!names.length) { ctx.out('no pools available\n'); return 0; }
  const fields = (f.values['o']?.join(',') ?? 'name,size,allocated,free,checkpoint,expandsize,fragmentation,capacity,dedupratio,health,altroot').split(',');
  const p = f.set.has('p');
  const rows = names.map((n) => {
    const pool = s.pools[n] as Pool;
    const alloc = usedOf(s, n);
    const cell: Record<string, string> = {
      name: n, size: p ? String(pool.size) : nicebytes(pool.size), allocated: p ? String(alloc) : nicebytes(alloc), alloc: p ? String(alloc) : nicebytes(alloc),
      free: p ? String(pool.size - alloc) : nicebytes(pool.size - alloc), checkpoint: '-', ckpoint: '-', expandsize: '-', fragmentation: p ? '0' : '0%',
      frag: p ? '0' : '0%', capacity: p ? String(Math.floor((alloc * 100) / pool.size)) : `${Math.floor((alloc * 100) / pool.size)}%`,
      cap: `${Math.floor((alloc * 100) / pool.size)}%`, dedupratio: p ? '1.00' : '1.00x', dedup: '1.00x', health: 'ONLINE', altroot: '-',
      ashift: pool.props['ashift'] ?? '0', autotrim: pool.props['autotrim'] ?? 'off',
    };
    return fields.map((x) => cell[x] ?? pool.props[x] ?? '-');
  });
  const header = fields.map((x) => ({ allocated: 'ALLOC', checkpoint: 'CKPOINT', fragmentation: 'FRAG', capacity: 'CAP', dedupratio: 'DEDUP' }[x] ?? x.toUpperCase()));
  ctx.out(columns(header, rows, f.set.has('H'), (i) => !['name', 'health', 'altroot'].includes(fields[i] ?? '')));
  return 0;
}

function status(ctx: Ctx, args: string[]): number {
  const f = parseFlags(args, 'igLpPstvxD', 'cT', USAGE['status'] as string);
  const s = readZfs(ctx.env);
  for (const n of f.rest) if (!s.pools[n]) fail(`cannot open '${n}': no such pool`);
  const names = (f.rest.length ? f.rest : Object.keys(s.pools)).sort();
  if (!names.length) { ctx.out('no pools available\n'); return 0; }
  const blocks = names.map((n) => {
    const gs = s.pools[n]?.groups ?? groups(s.pools[n]?.vdevs ?? []);
    const rows: string[][] = [['NAME', 'STATE', 'READ', 'WRITE', 'CKSUM'], [n, 'ONLINE', '0', '0', '0']];
    let idx = 0;
    for (const g of gs) {
      if (g.kind === 'stripe') { for (const d of g.disks) rows.push([`  ${d.replace(/^\/dev\//, '')}`, 'ONLINE', '0', '0', '0']); continue; }
      rows.push([`  ${g.kind}-${idx++}`, 'ONLINE', '0', '0', '0']);
      for (const d of g.disks) rows.push([`    ${d.replace(/^\/dev\//, '')}`, 'ONLINE', '0', '0', '0']);
    }
    const w = [Math.max(...rows.map((r) => (r[0] ?? '').length)) + 2, 9, 5, 5, 5];
    const table = rows.map((r) => `\t${(r[0] ?? '').padEnd(w[0] ?? 0)}${(r[1] ?? '').padEnd(w[1] ?? 0)}${r.slice(2).map((c, i) => c.padStart(w[i + 2] ?? 0)).join(' ')}\n`).join('');
    return `  pool: ${n}\n state: ONLINE\nconfig:\n\n${table}\nerrors: No known data errors\n`;
  });
  ctx.out(blocks.join('\n'));
  return 0;
}

function destroy(ctx: Ctx, args: string[]): Promise<number> {
  const f = parseFlags(args, 'f', '', USAGE['destroy'] as string);
  const name = f.rest[0];
  if (!name) usageError('missing pool argument', USAGE['destroy'] as string);
  return withLock(lockPath(ctx.env), () => {
    const s = readZfs(ctx.env);
    if (!s.pools[name]) fail(`cannot open '${name}': no such pool`);
    for (const d of Object.keys(s.datasets).filter((x) => x === name || x.startsWith(`${name}/`)).sort().reverse()) {
      removeTree(datasetDirIn(ctx.env, s, d));
      delete s.datasets[d];
    }
    delete s.pools[name];
    writeZfs(ctx.env, s);
    return 0;
  });
}

const COMMANDS: Record<string, (ctx: Ctx, args: string[]) => number | Promise<number>> = { create, list, status, destroy };

export async function run(ctx: Ctx, args: string[]): Promise<number> {
  const sub = args[0];
  const cmd = sub ? COMMANDS[sub] : undefined;
  if (!cmd) {
    ctx.err(`${sub ? `unrecognized command '${sub}'\n` : 'missing command\n'}usage: zpool command args ...\nwhere 'command' is one of the following:\n\n${Object.values(USAGE).join('')}`);
    return 2;
  }
  return cmd(ctx, args.slice(1));
}
