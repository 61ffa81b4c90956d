// pvesm add <type> <storage> / remove <storage> / set <storage> (API2/Storage/Config.pm).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { hostPath, type SimEnv } from '../core/env.js';
import { die, paramError, ParamError } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, str, type OptSpec } from '../core/schema.js';
import { lockPath } from '../state/paths.js';
import { readStorages, saveStorages, storageRoot, type StorageDef } from '../state/storage-cfg.js';
import { readZfs } from '../state/zfs-state.js';

const TYPES = ['dir', 'zfspool', 'nfs', 'cifs', 'lvmthin', 'lvm', 'btrfs', 'rbd'];
const FILE_CONTENT = ['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'import'];
const CONTENT: Record<string, string[]> = {
  dir: FILE_CONTENT, nfs: FILE_CONTENT, cifs: FILE_CONTENT, btrfs: FILE_CONTENT,
  zfspool: ['images', 'rootdir'], lvmthin: ['images', 'rootdir'], lvm: ['images', 'rootdir'], rbd: ['images', 'rootdir'],
};
const DEFAULT_CONTENT: Record<string, string> = { nfs: 'images', cifs: 'images', rbd: 'images' };
const REQUIRED: Record<string, string[]> = {
  dir: ['path'], btrfs: ['path'], zfspool: ['pool'], nfs: ['export', 'server'], cifs: ['server', 'share'],
  lvmthin: ['thinpool', 'vgname'], lvm: ['vgname'],
};
const FIXED = ['path', 'pool', 'server', 'export', 'share', 'vgname', 'thinpool', 'type'];

const OPTS: Record<string, OptSpec> = {
  path: str, content: str, pool: str, sparse: bool, server: str, export: str, options: str, vgname: str, thinpool: str,
  nodes: str, disable: bool, shared: bool, mkdir: bool, 'create-base-path': bool, 'create-subdirs': bool, 'prune-backups': str,
  blocksize: str, mountpoint: str, is_mountpoint: str, format: str, preallocation: str, share: str, username: str,
  monhost: str, krbd: bool, namespace: str, keyring: str, 'data-pool': str, fs: str, password: str, subdir: str, domain: str, smbversion: str, 'content-dirs': str, 'max-protected-backups': str, bwlimit: str,
};

function checkContent(type: string, content: string): string {
  const list = content.split(',').filter(Boolean);
  for (const c of list) if (!(CONTENT[type] ?? []).includes(c)) paramError('content', `storage type '${type}' does not support content type '${c}'`);
  return list.join(',');
}

function ordered(type: string, props: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const req = [...(REQUIRED[type] ?? [])].sort();
  for (const k of req) if (props[k] !== undefined) out[k] = props[k];
  if (type === 'nfs' || type === 'cifs') out['path'] = props['path'] ?? '';
  if (props['content'] !== undefined) out['content'] = props['content'];
  for (const k of Object.keys(props).sort()) if (out[k] === undefined) out[k] = props[k] as string;
  return out;
}

function activate(env: SimEnv, def: StorageDef): void {
  if (def.type === 'zfspool') {
    const pool = def.props['pool'] ?? '';
    if (!readZfs(env).datasets[pool]) die(`create storage failed: zfs error: cannot open '${pool}': dataset does not exist`);
  }
  const path = def.props['path'];
  if (path && def.type === 'btrfs') mkdirSync(hostPath(env, path), { recursive: true });
  const root = storageRoot(env, def);
  if (root) for (const d of ['template/cache', 'template/iso']) mkdirSync(join(root, d), { recursive: true });
}

export async function add(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: 'pvesm add <type> <storage> [OPTIONS]', args: ['type', 'storage'],
    argSpecs: { type: { type: 'string', enum: TYPES }, storage: { type: 'string', format: (v) => (/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(v) ? undefined : `invalid format - storage ID '${v}' contains illegal characters`) } },
    opts: OPTS,
  }, args);
  const type = a['type'] as string;
  const id = a['storage'] as string;
  const missing: Record<string, string> = {};
  for (const r of REQUIRED[type] ?? []) if (opts[r] === undefined) missing[r] = 'property is missing and it is not optional';
  if (Object.keys(missing).length) throw new ParamError(missing);
  return withLock(lockPath(ctx.env), () => {
    const defs = readStorages(ctx.env);
    if (defs.some((d) => d.id === id)) die(`create storage failed: storage ID '${id}' already defined`);
    const props: Record<string, string> = { ...opts };
    props['content'] = checkContent(type, props['content'] ?? DEFAULT_CONTENT[type] ?? 'images,rootdir');
    if (type === 'nfs' || type === 'cifs') props['path'] ??= `/mnt/pve/${id}`;
    delete props['password'];
    const def: StorageDef = { type, id, props: ordered(type, props) };
    activate(ctx.env, def);
    saveStorages(ctx.env, [...defs, def]);
    return 0;
  });
}

export async function remove(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a } = parseArgs({ usage: 'pvesm remove <storage>', args: ['storage'], argSpecs: { storage: str } }, args);
  const id = a['storage'] as string;
  return withLock(lockPath(ctx.env), () => {
    const defs = readStorages(ctx.env);
    if (!defs.some((d) => d.id === id)) die(`delete storage failed: storage '${id}' does not exist`);
    saveStorages(ctx.env, defs.filter((d) => d.id !== id));
    return 0;
  });
}

export async function set(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: 'pvesm set <storage> [OPTIONS]', args: ['storage'], argSpecs: { storage: str }, opts: { ...OPTS, delete: str, digest: str },
  }, args);
  const id = a['storage'] as string;
  return withLock(lockPath(ctx.env), () => {
    const defs = readStorages(ctx.env);
    const def = defs.find((d) => d.id === id);
    if (!def) die(`update storage failed: storage '${id}' does not exist`);
    for (const k of FIXED) if (opts[k] !== undefined && opts[k] !== def.props[k]) paramError(k, `can't change value of fixed parameter '${k}'`);
    if (opts['content'] !== undefined) opts['content'] = checkContent(def.type, opts['content']);
    for (const [k, v] of Object.entries(opts)) if (k !== 'delete' && k !== 'digest' && k !== 'password') def.props[k] = v;
    for (const k of (opts['delete'] ?? '').split(/[,;\s]+/).filter(Boolean)) delete def.props[k];
    def.props = ordered(def.type, def.props);
    saveStorages(ctx.env, defs);
    return 0;
  });
}
