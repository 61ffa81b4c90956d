// `zfs create|set|get|list|destroy` against the simulated pools (openzfs cmd/zfs/zfs_main.c).
import { mkdirSync } from 'node:fs';
import type { Ctx } from '../core/ctx.js';
import { removeTree } from '../core/fsx.js';
import { withLock } from '../core/lock.js';
import { lockPath } from '../state/paths.js';
import { datasetDirIn, parentOf, poolOf, readZfs, writeZfs, type Dataset, type ZfsState } from '../state/zfs-state.js';
import { parseZfsSize } from './format.js';
import { get, list } from './zfs-read.js';
import { fail, mustExist, USAGE } from './zfs-common.js';
import { parseFlags, usageError } from './flags.js';
import { ALIASES, isValidProp, SIZE_PROPS } from './props.js';

function setProp(s: ZfsState, name: string, kv: string, what: string): void {
  const eq = kv.indexOf('=');
  if (eq <= 0) usageError(`missing '=' for property argument`, USAGE['set'] as string);
  const prop = ALIASES[kv.slice(0, eq)] ?? kv.slice(0, eq);
  let value = kv.slice(eq + 1);
  if (!isValidProp(prop) || ['type', 'creation', 'used', 'available', 'referenced', 'compressratio', 'mounted', 'name'].includes(prop)) {
    fail(`cannot ${what} '${name}': invalid property '${prop}'`);
  }
  if (SIZE_PROPS.has(prop) && value !== 'none') {
    const n = parseZfsSize(value);
    if (n === undefined) fail(`cannot ${what} '${name}': bad numeric value '${value}'`);
    value = String(n);
  }
  if (SIZE_PROPS.has(prop) && value === 'none') value = '0';
  const ds = s.datasets[name];
  if (ds) ds.props[prop] = value;
}

function create(ctx: Ctx, args: string[]): Promise<number> {
  const f = parseFlags(args, 'pPnuvs', 'oVb', USAGE['create'] as string);
  const name = f.rest[0];
  if (!name) usageError('missing filesystem argument', USAGE['create'] as string);
  return withLockSync(ctx, (s) => {
    const pool = poolOf(name);
    if (!s.pools[pool]) fail(`cannot create '${name}': no such pool '${pool}'`);
    if (s.datasets[name]) fail(`cannot create '${name}': dataset already exists`);
    const parent = parentOf(name);
    const missing: string[] = [];
    for (let p = parent; p !== undefined && !s.datasets[p]; p = parentOf(p)) missing.unshift(p);
    if (missing.length && !f.set.has('p')) fail(`cannot create '${name}': parent does not exist`);
    for (const m of missing) mkDataset(ctx, s, m, 'filesystem');
    const vol = f.values['V']?.[0];
    const ds = mkDataset(ctx, s, name, vol ? 'volume' : 'filesystem');
    if (vol) {
      const n = parseZfsSize(vol);
      if (n === undefined) fail(`bad volume size '${vol}'`);
      ds.props['volsize'] = String(n);
    }
    for (const kv of f.values['o'] ?? []) setProp(s, name, kv, 'create');
    for (const d of [...missing, name]) if (s.datasets[d]?.type === 'filesystem') mkdirSync(datasetDirIn(ctx.env, s, d), { recursive: true });
    return 0;
  });
}

function mkDataset(_ctx: Ctx, s: ZfsState, name: string, type: 'filesystem' | 'volume'): Dataset {
  const ds: Dataset = { type, props: {}, creation: Math.floor(Date.now() / 1000), used: 0 };
  s.datasets[name] = ds;
  return ds;
}

function set(ctx: Ctx, args: string[]): Promise<number> {
  const f = parseFlags(args, 'u', '', USAGE['set'] as string);
  const kvs = f.rest.filter((a) => a.includes('='));
  const names = f.rest.filter((a) => !a.includes('='));
  if (!kvs.length) usageError('missing property=value argument(s)', USAGE['set'] as string);
  if (!names.length) usageError('missing dataset name(s)', USAGE['set'] as string);
  return withLockSync(ctx, (s) => {
    for (const n of names) mustExist(s, n);
    for (const n of names) for (const kv of kvs) setProp(s, n, kv, 'set property for');
    for (const n of names) mkdirSync(datasetDirIn(ctx.env, s, n), { recursive: true });
    return 0;
  });
}

function destroy(ctx: Ctx, args: string[]): Promise<number> {
  const f = parseFlags(args, 'fnpRrv', '', USAGE['destroy'] as string);
  const name = f.rest[0];
  if (!name) usageError('missing dataset argument', USAGE['destroy'] as string);
  return withLockSync(ctx, (s) => {
    mustExist(s, name);
    if (!name.includes('/')) {
      fail(`cannot destroy '${name}': operation does not apply to pools\nuse 'zfs destroy -r ${name}' to destroy all datasets in the pool\nuse 'zpool destroy ${name}' to destroy the pool itself`);
    }
    const children = Object.keys(s.datasets).filter((d) => d.startsWith(`${name}/`)).sort();
    if (children.length && !f.set.has('r') && !f.set.has('R')) {
      fail(`cannot destroy '${name}': filesystem has children\nuse '-r' to destroy the following datasets:\n${children.join('\n')}`);
    }
    for (const d of [...children.reverse(), name]) {
      removeTree(datasetDirIn(ctx.env, s, d));
      delete s.datasets[d];
    }
    return 0;
  });
}

function withLockSync(ctx: Ctx, fn: (s: ZfsState) => number): Promise<number> {
  return withLock(lockPath(ctx.env), () => {
    const s = readZfs(ctx.env);
    const code = fn(s);
    writeZfs(ctx.env, s);
    return code;
  });
}

const COMMANDS: Record<string, (ctx: Ctx, args: string[]) => number | Promise<number>> = { create, set, get, list, destroy };

export async function run(ctx: Ctx, args: string[]): Promise<number> {
  const sub = args[0];
  const cmd = sub ? COMMANDS[sub] : undefined;
  if (!cmd) {
    ctx.err(`${sub ? `unrecognized command '${sub}'\n` : 'missing command\n'}usage: zfs command args ...\nwhere 'command' is one of the following:\n\n${Object.values(USAGE).join('')}`);
    return 2;
  }
  return cmd(ctx, args.slice(1));
}
