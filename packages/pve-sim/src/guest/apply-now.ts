// Committing one change to a guest's current config: what `pct set` / `qm set` do on a stopped guest (or with a
// hot-pluggable key), and what the next start does with a pending change. Volumes that a change detaches become
// `unusedN`; a deleted `unusedN` frees its volume.
// LXC: pve-container src/PVE/LXC/Config.pm vmconfig_apply_pending (mpN -> add_unused_volume, unusedN ->
// delete_mountpoint_volume) and apply_pending_mountpoint; qemu: qemu-server src/PVE/QemuServer.pm
// vmconfig_apply_pending (vmconfig_delete_or_detach_drive, vmconfig_register_unused_drive).
import type { SimEnv } from '../core/env.js';
import type { GuestConf } from '../conf/config-file.js';
import { freeVolume } from '../state/volumes.js';
import { mpVolume, sectionVolumes } from './common.js';

const DRIVE = /^(ide|sata|scsi|virtio|efidisk|tpmstate)\d+$/;

export function freeUnused(conf: GuestConf): string {
  let n = 0;
  while (conf.main.keys[`unused${n}`] !== undefined) n++;
  return `unused${n}`;
}

function addUnused(conf: GuestConf, vol: string): void {
  if (Object.entries(conf.main.keys).some(([k, v]) => /^unused\d+$/.test(k) && v === vol)) return;
  conf.main.keys[freeUnused(conf)] = vol;
}

/** The volume of a drive value that becomes `unusedN` when the drive goes (not CD-ROMs / cloud-init). */
export function detachable(key: string, value: string | undefined): string | undefined {
  if (value === undefined || /media=cdrom/.test(value)) return undefined;
  return sectionVolumes('qemu', { [key]: value })[0]?.[1];
}

export function lxcDeleteNow(env: SimEnv, conf: GuestConf, key: string): void {
  if (key === 'description') { delete conf.main.description; return; }
  const old = conf.main.keys[key];
  delete conf.main.keys[key];
  if (conf.pending) delete conf.pending.keys[key];
  if (old === undefined) return;
  if (/^mp\d+$/.test(key)) {
    const vol = mpVolume(old);
    if (vol) addUnused(conf, vol);
  } else if (/^unused\d+$/.test(key)) {
    freeVolume(env, old);
  }
}

export function lxcSetNow(conf: GuestConf, key: string, value: string): void {
  if (key === 'description') { conf.main.description = value; return; }
  const oldVol = /^mp\d+$/.test(key) ? mpVolume(conf.main.keys[key] ?? '') : undefined;
  conf.main.keys[key] = value;
  if (oldVol && oldVol !== mpVolume(value)) addUnused(conf, oldVol);
  if (conf.pending) delete conf.pending.keys[key];
}

export function qemuDeleteNow(env: SimEnv, conf: GuestConf, key: string): void {
  if (key === 'description') { delete conf.main.description; return; }
  const old = conf.main.keys[key];
  delete conf.main.keys[key];
  if (conf.pending) delete conf.pending.keys[key];
  if (old === undefined) return;
  if (/^unused\d+$/.test(key) || (DRIVE.test(key) && /-cloudinit/.test(old))) {
    freeVolume(env, old.split(',')[0] as string);
    if (DRIVE.test(key) && conf.special) delete conf.special['cloudinit'];
  } else if (DRIVE.test(key)) {
    const vol = detachable(key, old);
    if (vol) addUnused(conf, vol);
  }
}

export function qemuSetNow(conf: GuestConf, key: string, value: string): void {
  if (key === 'description') { conf.main.description = value; return; }
  const oldVol = DRIVE.test(key) ? detachable(key, conf.main.keys[key]) : undefined;
  conf.main.keys[key] = value;
  if (oldVol && oldVol !== detachable(key, value)) addUnused(conf, oldVol);
  if (conf.pending) delete conf.pending.keys[key];
}
