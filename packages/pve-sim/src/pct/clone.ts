// pct clone <vmid> <newid> [--hostname --full --snapname --storage --description --target] (API2/LXC.pm clone_vm).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { die, workerDie } from '../core/errors.js';
import { copyTree } from '../core/fsx.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, nodeSpec, num, snapnameSpec, str, vmidSpec } from '../core/schema.js';
import { cloneSection, emptySection, type GuestConf } from '../conf/config-file.js';
import { lxcMp, lxcNet, lxcRootfs, randomMac } from '../conf/formats.js';
import { printPropString, readPropString } from '../conf/prop-string.js';
import { findGuest, saveConf } from '../state/guests.js';
import { firewallDir, lockPath } from '../state/paths.js';
import { isRunning } from '../state/status.js';
import { needStorage } from '../state/volumes.js';
import { checkLock, isTemplate, label, requireConf } from '../guest/common.js';
import { canLinkClone, cloneVolume } from '../guest/clone-volumes.js';
import { checkCloneStorage, cloneTarget, volumeShared } from '../guest/clone-target.js';

const DROP = new Set(['snaptime', 'parent', 'template', 'lock', 'vmstate']);

export async function clone(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: 'pct clone <vmid> <newid> [OPTIONS]', args: ['vmid', 'newid'], argSpecs: { vmid: vmidSpec, newid: vmidSpec },
    opts: { hostname: str, description: str, pool: str, snapname: snapnameSpec, storage: str, full: bool, target: nodeSpec, bwlimit: num },
  }, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const newid = a['newid'] as string;
  const snapname = opts['snapname'];
  return withLock(lockPath(env), () => {
    const target = cloneTarget(env, opts['target']);
    if (opts['storage']) needStorage(env, opts['storage']);
    checkCloneStorage(env, opts['storage'], target);
    const src = requireConf(env, 'lxc', vmid);
    checkLock('lxc', src);
    const running = isRunning(env, vmid);
    const full = opts['full'] !== undefined ? opts['full'] === '1' : !isTemplate(src);
    if (opts['storage'] !== undefined && !full) die(`parameter 'storage' not allowed for linked clones`);
    if (snapname && !src.snapshots[snapname]) die(`snapshot '${snapname}' does not exist`);
    const existing = findGuest(env, newid);
    if (existing) die(`${label(existing.type)} ${newid} already exists on node '${existing.node}'`);
    const section = cloneSection(snapname ? (src.snapshots[snapname] as GuestConf['main']) : src.main);
    const conf: GuestConf = { main: emptySection(), snapshots: {} };
    conf.main.lxc = section.lxc;
    if (section.description !== undefined) conf.main.description = section.description;
    const disks: string[] = [];
    let sharedvm = true;
    for (const [k, v] of Object.entries(section.keys)) {
      if (DROP.has(k) || /^unused\d+$/.test(k)) continue;
      if (k === 'rootfs' || /^mp\d+$/.test(k)) {
        const vol = readPropString(k === 'rootfs' ? lxcRootfs : lxcMp, v)['volume'] ?? '';
        if (vol.startsWith('/')) die(`unable to clone mountpint '${k}' (type ${vol.startsWith('/dev/') ? 'device' : 'bind'})`);
        if (!volumeShared(env, vol, opts['storage'])) {
          sharedvm = false;
          if (target) ctx.err(`found non-shared volume: ${vol}\n`);
        }
        if (full && running && !snapname) die('Full clone of a running container is only possible from a snapshot');
        if (!full && !canLinkClone(env, vol, snapname)) die(`Linked clone feature for '${vol}' is not available`);
        disks.push(k);
      } else if (/^net\d+$/.test(k)) {
        const p = readPropString(lxcNet, v);
        p['hwaddr'] = randomMac();
        conf.main.keys[k] = printPropString(lxcNet, p);
        continue;
      }
      conf.main.keys[k] = v;
    }
    if (target && !sharedvm) die(`can't clone CT to node '${target}' (CT uses local storage)`);
    if (opts['hostname']) conf.main.keys['hostname'] = opts['hostname'];
    if (opts['description']) conf.main.description = opts['description'];
    let log = `creating a clone of container ${vmid} with ID ${newid}\n`;
    for (const k of disks.sort()) {
      const fmt = k === 'rootfs' ? lxcRootfs : lxcMp;
      const p = readPropString(fmt, conf.main.keys[k] as string);
      const vol = p['volume'] as string;
      log += full ? `create full clone of mountpoint ${k} (${vol})\n` : `create linked clone of mount point ${k} (${vol})\n`;
      try {
        p['volume'] = cloneVolume(env, 'lxc', vol, newid, { full, snapname, storage: opts['storage'] });
      } catch (e) {
        workerDie(`clone failed: ${(e as Error).message}`);
      }
      conf.main.keys[k] = printPropString(fmt, p);
    }
    saveConf(env, 'lxc', newid, conf, target ?? env.node);
    const fw = join(firewallDir(env), `${vmid}.fw`);
    if (existsSync(fw)) copyTree(fw, join(firewallDir(env), `${newid}.fw`));
    ctx.out(log);
    return 0;
  });
}
