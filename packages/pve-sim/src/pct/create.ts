// pct create <vmid> <ostemplate> [OPTIONS] (API2/LXC.pm create_vm).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { hostPath, type SimEnv } from '../core/env.js';
import { die, workerDie } from '../core/errors.js';
import { parseArgs, type CmdSpec } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { vmidSpec, str } from '../core/schema.js';
import { emptySection, type GuestConf } from '../conf/config-file.js';
import { lxcRootfs } from '../conf/formats.js';
import { readPropString } from '../conf/prop-string.js';
import { findGuest, saveConf } from '../state/guests.js';
import { lockPath } from '../state/paths.js';
import { setRunning } from '../state/status.js';
import { getStorage, storagePath, storageRoot } from '../state/storage-cfg.js';
import { volPath } from '../state/volumes.js';
import { label } from '../guest/common.js';
import { makeRootfs, ostypeOf } from '../guest/skeleton.js';
import { CREATE_OPTS, LXC_PATTERNS } from './options.js';
import { checkVolumeRequest, normaliseLxc } from './values.js';

const SPEC: CmdSpec = {
  usage: 'pct create <vmid> <ostemplate> [OPTIONS]',
  args: ['vmid', 'ostemplate'],
  argSpecs: { vmid: vmidSpec, ostemplate: str },
  opts: CREATE_OPTS,
  patterns: LXC_PATTERNS,
};

/**
 * A template given as volid or absolute path: its node path and the file the simulator reads (a shared storage's
 * own directory first, then the node's host dir); undefined when missing.
 */
export function templateFile(env: SimEnv, tpl: string): { abs: string; file: string } | undefined {
  let abs = tpl.startsWith('/') ? tpl : undefined;
  const files: string[] = [];
  const m = abs ? null : /^([^:]+):vztmpl\/(.+)$/.exec(tpl);
  const s = m ? getStorage(env, m[1] as string) : undefined;
  const base = s ? storagePath(s) : undefined;
  const root = s ? storageRoot(env, s) : undefined;
  if (m && base && root) {
    abs = `${base}/template/cache/${m[2]}`;
    files.push(join(root, 'template/cache', m[2] as string));
  }
  if (abs) files.push(hostPath(env, abs));
  const file = files.find((f) => existsSync(f) && statSync(f).isFile());
  return abs && file ? { abs, file } : undefined;
}

const SKIP = new Set(['storage', 'start', 'password', 'ssh-public-keys', 'pool', 'force', 'restore', 'unique', 'ignore-unpack-errors', 'bwlimit']);

export async function create(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs(SPEC, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const tpl = a['ostemplate'] as string;
  return withLock(lockPath(env), () => {
    const existing = findGuest(env, vmid);
    if (existing) die(`${label(existing.type)} ${vmid} already exists on node '${existing.node}'`);
    opts['rootfs'] ??= `${opts['storage'] ?? 'local'}:4`;
    for (const [k, v] of Object.entries(opts)) if (k === 'rootfs' || /^mp\d+$/.test(k)) checkVolumeRequest(env, v);
    const found = templateFile(env, tpl);
    if (!found) workerDie(`unable to create CT ${vmid} - can't find file '${tpl}'`);
    const abs = found.abs;
    const ostype = opts['ostype'] ?? ostypeOf(abs);
    const hostname = opts['hostname'] || `CT${vmid}`;
    const conf: GuestConf = { main: emptySection(), snapshots: {} };
    const keys = conf.main.keys;
    keys['arch'] = opts['arch'] ?? 'amd64';
    keys['hostname'] = hostname;
    keys['memory'] = opts['memory'] ?? '512';
    keys['swap'] = opts['swap'] ?? '512';
    keys['ostype'] = ostype;
    if ((opts['unprivileged'] ?? '1') === '1') keys['unprivileged'] = '1';
    let log = '';
    for (const k of Object.keys(opts).sort((x, y) => (x === 'rootfs' ? -1 : y === 'rootfs' ? 1 : x.localeCompare(y)))) {
      if (SKIP.has(k) || k === 'unprivileged' || k === 'arch' || k === 'ostype' || k === 'hostname') continue;
      const v = opts[k] as string;
      if (k === 'description') { conf.main.description = v; continue; }
      const n = normaliseLxc(env, vmid, k, v);
      keys[k] = n.value;
      log += n.log;
    }
    const rootVol = readPropString(lxcRootfs, keys['rootfs'] as string)['volume'] as string;
    makeRootfs(volPath(env, rootVol), { hostname, ostype });
    const bytes = statSync(found.file).size;
    log += `extracting archive '${abs}'\n`;
    log += `Total bytes read: ${bytes} (${Math.ceil(bytes / 1048576)}MiB, ${Math.ceil(bytes / 1048576)}MiB/s)\n`;
    log += `Detected container architecture: ${keys['arch']}\n`;
    log += `Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...\n`;
    log += `done: SHA256:${Buffer.from(`${vmid}${Date.now()}`).toString('base64').replace(/=+$/, '')} root@${hostname}\n`;
    saveConf(env, 'lxc', vmid, conf);
    ctx.out(log);
    if (opts['start'] === '1') setRunning(env, vmid, true);
    return 0;
  });
}
