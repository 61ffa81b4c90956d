// Normalising VM option values the way qemu-server stores them: nets get a MAC, `STORAGE:SIZE`
// drives allocate volumes (`import-from` imports an image), `STORAGE:cloudinit` makes the CI drive.
import { readFileSync } from 'node:fs';
import type { SimEnv } from '../core/env.js';
import { die } from '../core/errors.js';
import { nodeFile } from '../core/node-file.js';
import { normaliseTags, parseQemuNet, printDrive, printQemuNet, qemuDrive, randomMac } from '../conf/formats.js';
import { parsePropString } from '../conf/prop-string.js';
import { formatSize, GiB } from '../conf/size.js';
import { storageDirStyle } from '../state/storage-cfg.js';
import { allocVolume, needStorage, splitVolid, volPath } from '../state/volumes.js';
import { makeRootfs } from '../guest/skeleton.js';
import { hashPassword, imageSize, uriEscape } from './image.js';
import { DRIVE_RE } from './options.js';

/** The source of an image import (a volid or an absolute node path). */
export function importSource(env: SimEnv, src: string): string {
  const v = splitVolid(src);
  const path = v && !src.startsWith('/') ? volPath(env, src) : nodeFile(env, src);
  if (!path) die(`${src}: non-existent or non-regular file`);
  return path;
}

/** Allocate and fill a VM disk from an image file; the image becomes an OS root. */
export function importImage(env: SimEnv, vmid: string, storage: string, src: string): { volid: string; size: number } {
  const path = importSource(env, src);
  const size = splitVolid(src) && !src.startsWith('/') ? GiB : imageSize(path);
  const volid = allocVolume(env, { storage, type: 'qemu', vmid, size });
  makeRootfs(volPath(env, volid), { hostname: `vm${vmid}`, ostype: 'debian' });
  return { volid, size };
}

function normaliseDrive(env: SimEnv, vmid: string, key: string, value: string): { value: string; log: string } {
  const p = parsePropString(qemuDrive, key, value);
  const file = p['file'] ?? '';
  const m = /^([a-zA-Z][\w.-]*):(\d+(?:\.\d+)?|cloudinit)$/.exec(file);
  if (!m) return { value: printDrive(p), log: '' };
  const storage = m[1] as string;
  const s = needStorage(env, storage);
  if (m[2] === 'cloudinit') {
    const volname = storageDirStyle(s) ? `${vmid}/vm-${vmid}-cloudinit.qcow2` : `vm-${vmid}-cloudinit`;
    p['file'] = allocVolume(env, { storage, type: 'qemu', vmid, size: 4 * 1024 * 1024, volname });
    p['media'] = 'cdrom';
    delete p['size'];
  } else if (p['import-from']) {
    const { volid, size } = importImage(env, vmid, storage, p['import-from']);
    delete p['import-from'];
    p['file'] = volid;
    p['size'] = formatSize(size);
  } else {
    const size = Math.round(Number(m[2]) * GiB);
    p['file'] = allocVolume(env, { storage, type: 'qemu', vmid, size });
    p['size'] = formatSize(size);
  }
  const printed = printDrive(p);
  return { value: printed, log: `${key}: successfully created disk '${printed}'\n` };
}

export function normaliseQm(env: SimEnv, vmid: string, key: string, value: string): { value: string; log: string } {
  if (/^net\d+$/.test(key)) {
    const p = parseQemuNet(key, value);
    p['macaddr'] ??= randomMac();
    return { value: printQemuNet(p), log: '' };
  }
  if (DRIVE_RE.test(key)) return normaliseDrive(env, vmid, key, value);
  if (key === 'sshkeys') {
    const path = value.startsWith('/') ? nodeFile(env, value) : value;
    let text: string;
    try {
      text = readFileSync(path ?? value, 'utf8');
    } catch {
      die(`unable to open file '${value}' - No such file or directory`);
    }
    return { value: uriEscape(text), log: '' };
  }
  if (key === 'cipassword') return { value: hashPassword(value), log: '' };
  if (key === 'tags') return { value: normaliseTags(value), log: '' };
  return { value, log: '' };
}
