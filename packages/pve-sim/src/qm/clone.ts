// qm clone <vmid> <newid> [--name --full --snapname --storage --description --target] (API2/Qemu.pm clone_vm).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { die, workerDie } from '../core/errors.js';
import { copyTree } from '../core/fsx.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, nodeSpec, num, snapnameSpec, str, vmidSpec } from '../core/schema.js';
import { cloneSection, emptySection, type GuestConf } from '../conf/config-file.js';
import { printDrive, printQemuNet, qemuDrive, randomMac, readQemuNet } from '../conf/formats.js';
import { readPropString } from '../conf/prop-string.js';
import { findGuest, loadConf, saveConf } from '../state/guests.js';
import { firewallDir, lockPath } from '../state/paths.js';
import { storageDirStyle } from '../state/storage-cfg.js';
import { allocVolume, needStorage, splitVolid } from '../state/volumes.js';
import { checkLock, isTemplate, sectionVolumes } from '../guest/common.js';
import { canLinkClone, cloneVolume } from '../guest/clone-volumes.js';
import { checkCloneStorage, cloneTarget, vmUsesSharedStorage } from '../guest/clone-target.js';
import { DRIVE_RE } from './options.js';

const DROP = new Set(['snaptime', 'parent', 'template', 'lock', 'vmstate', 'vmgenid']);

export async function clone(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: 'qm clone <vmid> <newid> [OPTIONS]', args: ['vmid', 'newid'], argSpecs: { vmid: vmidSpec, newid: vmidSpec },
    opts: { name: str, description: str, pool: str, snapname: snapnameSpec, storage: str, format: str, full: bool, target: nodeSpec, bwlimit: num },
  }, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const newid = a['newid'] as string;
  const snapname = opts['snapname'];
  return withLock(lockPath(env), () => {
    const target = cloneTarget(env, opts['target']);
    if (opts['storage']) needStorage(env, opts['storage']);
    checkCloneStorage(env, opts['storage'], target);
    const src = loadConf(env, 'qemu', vmid);
    if (!src) die(`unable to find configuration file for VM ${vmid} on node '${env.node}'`);
    checkLock('qemu', src);
    if (snapname && !src.snapshots[snapname]) die(`snapshot '${snapname}' does not exist`);
    const full = opts['full'] !== undefined ? opts['full'] === '1' : !isTemplate(src);
    if (opts['storage'] !== undefined && !full) die(`parameter 'storage' not allowed for linked clones`);
    if (opts['format'] !== undefined && !full) die(`parameter 'format' not allowed for linked clones`);
    const section = cloneSection(snapname ? (src.snapshots[snapname] as GuestConf['main']) : src.main);
    if (target && !vmUsesSharedStorage(env, section.keys)) die(`can't clone VM to node '${target}' (VM uses local storage)`);
    if (findGuest(env, newid)) die(`unable to create VM ${newid}: config file already exists`);
    const conf: GuestConf = { main: emptySection(), snapshots: {} };
    if (section.description !== undefined) conf.main.description = section.description;
    const disks: string[] = [];
    for (const [k, v] of Object.entries(section.keys)) {
      if (DROP.has(k) || /^unused\d+$/.test(k)) continue;
      if (/^net\d+$/.test(k)) {
        const p = readQemuNet(v);
        p['macaddr'] = randomMac();
        conf.main.keys[k] = printQemuNet(p);
        continue;
      }
      conf.main.keys[k] = v;
      if (DRIVE_RE.test(k) && sectionVolumes('qemu', { [k]: v }).length) {
        const vol = v.split(',')[0] as string;
        if (!/-cloudinit/.test(vol) && !full && !canLinkClone(env, vol, snapname)) {
          die(`Linked clone feature is not supported for ${snapname ? 'a snapshot of ' : ''}'${vol}' (${k})`);
        }
        disks.push(k);
      }
    }
    conf.main.keys['name'] = opts['name'] ?? `Copy-of-VM-${section.keys['name'] ?? vmid}`;
    conf.main.keys['smbios1'] = (section.keys['smbios1'] ?? '').replace(/(^|,)uuid=[^,]*/, '').replace(/^,/, '');
    conf.main.keys['smbios1'] = [`uuid=${randomUUID()}`, conf.main.keys['smbios1']].filter(Boolean).join(',');
    conf.main.keys['vmgenid'] = randomUUID();
    if (opts['description']) conf.main.description = opts['description'];
    let log = `creating a clone of VM ${vmid} with ID ${newid}\n`;
    for (const k of disks.sort()) {
      const p = readPropString(qemuDrive, conf.main.keys[k] as string);
      const vol = p['file'] as string;
      try {
        if (/-cloudinit/.test(vol)) {
          const s = needStorage(env, opts['storage'] ?? splitVolid(vol)?.storage ?? '');
          const volname = storageDirStyle(s) ? `${newid}/vm-${newid}-cloudinit.qcow2` : `vm-${newid}-cloudinit`;
          p['file'] = allocVolume(env, { storage: s.id, type: 'qemu', vmid: newid, size: 4 * 1024 * 1024, volname });
        } else {
          log += full ? `create full clone of drive ${k} (${vol})\n` : `create linked clone of drive ${k} (${vol})\n`;
          p['file'] = cloneVolume(env, 'qemu', vol, newid, { full, snapname, storage: opts['storage'] });
        }
      } catch (e) {
        workerDie(`clone failed: ${(e as Error).message}`);
      }
      conf.main.keys[k] = printDrive(p);
    }
    saveConf(env, 'qemu', newid, conf, target ?? env.node);
    const fw = join(firewallDir(env), `${vmid}.fw`);
    if (existsSync(fw)) copyTree(fw, join(firewallDir(env), `${newid}.fw`));
    ctx.out(log);
    return 0;
  });
}
