// pct push <vmid> <file> <destination> [--perms --user --group]: copy a local file into the CT.
// The write happens inside the guest's chroot, so guest symlinks cannot point it at the host.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { str, vmidSpec } from '../core/schema.js';
import { effectiveKeys } from '../conf/config-file.js';
import { isRunning } from '../state/status.js';
import { lxcRoot, requireConf } from '../guest/common.js';
import { runInRoot } from '../guest/run-in-root.js';

const WRITE = 'cat > "$1" || exit 1; if [ -n "$2" ]; then chmod "$2" "$1"; fi; if [ -n "$3" ]; then chown "$3" "$1"; fi';

export function lookupId(root: string, file: 'passwd' | 'group', name: string, what: string): string {
  if (/^\d+$/.test(name)) return String(Number(name));
  const path = join(root, 'etc', file);
  const text = existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : '';
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined) return f[2];
  }
  die(`failed to get ${what} for: ${name}`);
}

function parsePerms(p: string): string {
  const n = /^0x[0-9a-f]+$/i.test(p) ? parseInt(p, 16) : /^[0-7]+$/.test(p) ? parseInt(p, 8) : NaN;
  if (p === '' || Number.isNaN(n)) die(`invalid mode: '${p.startsWith('0') ? p : `0${p}`}'`);
  return n.toString(8);
}

export async function push(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: 'pct push <vmid> <file> <destination> [OPTIONS]', args: ['vmid', 'file', 'destination'],
    argSpecs: { vmid: vmidSpec, file: str, destination: str }, opts: { perms: str, user: str, group: str },
  }, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const file = a['file'] as string;
  const dest = a['destination'] as string;
  if (!isRunning(env, vmid)) die('can only push files to a running CT');
  const conf = requireConf(env, 'lxc', vmid);
  let data: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new Error('directory');
    data = readFileSync(file);
  } catch {
    die(`failed to open ${file} for reading`);
  }
  const { root, mounts } = lxcRoot(env, effectiveKeys(conf, true));
  const perms = opts['perms'] !== undefined ? parsePerms(opts['perms']) : '';
  const uid = opts['user'] !== undefined ? lookupId(root, 'passwd', opts['user'], 'uid') : '';
  const gid = opts['group'] !== undefined ? lookupId(root, 'group', opts['group'], 'gid') : '';
  const owner = uid || gid ? `${uid}${gid ? `:${gid}` : ''}` : '';
  const r = await runInRoot(root, mounts, ['/bin/sh', '-c', WRITE, 'sh', dest, perms, owner], { stdio: 'capture', input: data });
  if (r.code !== 0) die(`failed to create file: ${dest}: ${r.stderr.toString().trim().split('\n').pop() ?? 'error'}`);
  return 0;
}
