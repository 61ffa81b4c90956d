// pct pull <vmid> <path> <destination> [--perms --user --group]: copy a file out of the CT to the node.
// As pve-container src/PVE/CLI/pct.pm:606-690 (`pull`): the CT must run ("can only pull files from a running VM", a
// die without newline, so Perl adds its location); under the config lock the destination is created (create_file,
// :514: O_CREAT|O_EXCL with the given perms, else truncated) *before* the source is opened inside the container's
// mount namespace ("failed to open <path>: <errno>"), so a missing source still leaves an empty destination. The read
// happens inside the guest's chroot, so guest symlinks cannot point it at the host.
import { chmodSync, chownSync, closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { str, vmidSpec } from '../core/schema.js';
import { effectiveKeys } from '../conf/config-file.js';
import { isRunning } from '../state/status.js';
import { lockPath } from '../state/paths.js';
import { lxcRoot, requireConf } from '../guest/common.js';
import { runInRoot } from '../guest/run-in-root.js';
import { lookupId } from './push.js';

/** The node's own uid/gid of a name (getpwnam/getgrnam in create_file): push's lookup, on the node's root. */
const hostId = (file: 'passwd' | 'group', name: string, what: string): number => Number(lookupId('/', file, name, what));

/** POSIX::strtoul($perms, 0) after pull's "assume octal" prefixing. */
function parsePerms(raw: string): number {
  const p = raw.startsWith('0') ? raw : `0${raw}`;
  const n = /^0x[0-9a-f]+$/i.test(p) ? parseInt(p, 16) : /^0[0-7]*$/.test(p) ? parseInt(p, 8) : NaN;
  if (Number.isNaN(n)) die(`invalid mode: '${p}'`);
  return n;
}

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : code === 'EISDIR' ? 'Is a directory' : String((e as Error).message);
}

export async function pull(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: 'pct pull <vmid> <path> <destination> [OPTIONS]', args: ['vmid', 'path', 'destination'],
    argSpecs: { vmid: vmidSpec, path: str, destination: str }, opts: { perms: str, user: str, group: str },
  }, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const path = a['path'] as string;
  const dest = a['destination'] as string;
  const perms = opts['perms'] !== undefined ? parsePerms(opts['perms']) : undefined;
  const uid = opts['user'] !== undefined ? hostId('passwd', opts['user'], 'uid') : undefined;
  const gid = opts['group'] !== undefined ? hostId('group', opts['group'], 'gid') : undefined;
  const conf = requireConf(env, 'lxc', vmid);
  const { root, mounts } = lxcRoot(env, effectiveKeys(conf, true));
  return withLock(lockPath(env), async () => {
    if (!isRunning(env, vmid)) die('can only pull files from a running VM at /usr/share/perl5/PVE/CLI/pct.pm line 664.');
    let fd: number;
    try {
      fd = openSync(dest, 'wx', perms ?? 0o666);
    } catch {
      try { fd = openSync(dest, 'w'); } catch (e) { die(`failed to create file: ${dest}: ${errnoText(e)}`); }
    }
    try {
      if (perms !== undefined) chmodSync(dest, perms);
      if (uid !== undefined || gid !== undefined) {
        const st = statSync(dest);
        try { chownSync(dest, uid ?? st.uid, gid ?? st.gid); } catch (e) { die(`failed to change file owner: ${errnoText(e)}`); }
      }
      // `open my $srcfd, '<', $path` inside the CT: the errno text of the open, then the copy
      const r = await runInRoot(root, mounts, ['/bin/sh', '-c', 'if [ -d "$1" ]; then echo "Is a directory" >&2; exit 1; fi; exec cat -- "$1"', 'sh', path], { stdio: 'capture' });
      if (r.code !== 0) {
        const why = r.stderr.toString().trim().split('\n').pop() ?? '';
        die(`failed to open ${path}: ${why.includes('No such file') ? 'No such file or directory' : why.includes('Permission denied') ? 'Permission denied' : why.includes('Is a directory') ? 'Is a directory' : why || 'error'}`);
      }
      writeSync(fd, r.stdout);
    } finally {
      closeSync(fd);
    }
    return 0;
  });
}
