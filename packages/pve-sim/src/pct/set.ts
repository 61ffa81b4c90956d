// pct set <vmid> [OPTIONS] (API2/LXC/Config.pm update_vm, LXC/Config.pm update_pct_config).
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs, type CmdSpec } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { vmidSpec } from '../core/schema.js';
import type { GuestConf } from '../conf/config-file.js';
import { saveConf } from '../state/guests.js';
import { lockPath } from '../state/paths.js';
import { isRunning } from '../state/status.js';
import { freeVolume } from '../state/volumes.js';
import { checkLock, mpVolume, requireConf } from '../guest/common.js';
import { deletePending, setPending } from '../guest/pending.js';
import { LXC_PATTERNS, SET_OPTS } from './options.js';
import { normaliseLxc } from './values.js';

const SPEC: CmdSpec = { usage: 'pct set <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, opts: SET_OPTS, patterns: LXC_PATTERNS };

const REQUIRED = ['memory', 'rootfs', 'ostype', 'arch'];
const HOTPLUG = /^(memory|swap|cores|cpulimit|cpuunits|net\d+|mp\d+|unused\d+|description|onboot|startup|tags|protection|lock|hookscript)$/;

function freeUnused(conf: GuestConf): string {
  let n = 0;
  while (conf.main.keys[`unused${n}`] !== undefined) n++;
  return `unused${n}`;
}

function has(conf: GuestConf, k: string): boolean {
  return k === 'description' ? conf.main.description !== undefined || conf.pending?.description !== undefined
    : conf.main.keys[k] !== undefined || conf.pending?.keys[k] !== undefined;
}

export async function set(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs(SPEC, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const deletes = (opts['delete'] ?? '').split(/[,;\s]+/).filter(Boolean);
  delete opts['delete'];
  delete opts['digest'];
  delete opts['revert'];
  if (!deletes.length && !Object.keys(opts).length) die('no options specified');
  return withLock(lockPath(env), () => {
    const conf = requireConf(env, 'lxc', vmid);
    checkLock('lxc', conf);
    for (const d of deletes) {
      if (REQUIRED.includes(d)) die(`unable to delete required option '${d}'`);
      if (d === 'unprivileged') die(`unable to modify read-only option: 'unprivileged'`);
    }
    if (opts['unprivileged'] !== undefined) die(`unable to modify read-only option: 'unprivileged'`);
    const running = isRunning(env, vmid);
    let warn = '';
    for (const d of deletes) {
      if (!has(conf, d)) { warn += `cannot delete '${d}' - not set in current configuration!\n`; continue; }
      if (d === 'description') { delete conf.main.description; continue; }
      if (running && !HOTPLUG.test(d)) { deletePending(conf, d); continue; }
      const old = conf.main.keys[d];
      delete conf.main.keys[d];
      if (conf.pending) delete conf.pending.keys[d];
      if (old === undefined) continue;
      if (/^mp\d+$/.test(d)) {
        const vol = mpVolume(old);
        if (vol) conf.main.keys[freeUnused(conf)] = vol;
      } else if (/^unused\d+$/.test(d)) {
        freeVolume(env, old);
      }
    }
    let log = '';
    for (const k of Object.keys(opts).sort()) {
      const v = opts[k] as string;
      if (k === 'description') { conf.main.description = v; continue; }
      const n = normaliseLxc(env, vmid, k, v);
      log += n.log;
      if (running && !HOTPLUG.test(k)) { setPending(conf, k, n.value); continue; }
      const oldVol = /^mp\d+$/.test(k) ? mpVolume(conf.main.keys[k] ?? '') : undefined;
      conf.main.keys[k] = n.value;
      if (oldVol && oldVol !== mpVolume(n.value)) conf.main.keys[freeUnused(conf)] = oldVol;
      if (conf.pending) delete conf.pending.keys[k];
    }
    if (conf.pending && !Object.keys(conf.pending.keys).length && conf.pending.description === undefined) delete conf.pending;
    saveConf(env, 'lxc', vmid, conf);
    if (log) ctx.out(log);
    if (warn) ctx.err(warn);
    return 0;
  });
}
