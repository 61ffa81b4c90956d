// Helpers shared by pct and qm: config loading with PVE's errors, locks, mount points.
import type { SimEnv } from '../core/env.js';
import { die, missingConfig } from '../core/errors.js';
import type { GuestConf } from '../conf/config-file.js';
import { lxcMp, lxcRootfs } from '../conf/formats.js';
import { readPropString } from '../conf/prop-string.js';
import { loadConf } from '../state/guests.js';
import { cfsPath, type GuestType } from '../state/paths.js';
import { volPath } from '../state/volumes.js';
import { hostPath } from '../core/env.js';
import type { Mount } from './run-in-root.js';

export const label = (t: GuestType): 'CT' | 'VM' => (t === 'lxc' ? 'CT' : 'VM');

/** load_config: `Configuration file 'nodes/pve/lxc/999.conf' does not exist` (exit 2, or 255 in a worker). */
export function requireConf(env: SimEnv, type: GuestType, vmid: string, inWorker = false): GuestConf {
  const conf = loadConf(env, type, vmid);
  if (!conf) missingConfig(cfsPath(env, type, vmid), inWorker);
  return conf;
}

/** AbstractConfig::check_lock: `CT is locked (backup)`. */
export function checkLock(type: GuestType, conf: GuestConf): void {
  const lock = conf.main.keys['lock'];
  if (lock) die(`${label(type)} is locked (${lock})`);
}

export const isTemplate = (conf: GuestConf): boolean => conf.main.keys['template'] === '1';

/** The volume of a mount point value, or undefined for a bind/device mount. */
export function mpVolume(value: string): string | undefined {
  const vol = value.split(',')[0] ?? '';
  return vol.startsWith('/') || vol === '' ? undefined : vol.replace(/^volume=/, '');
}

/** Root directory and mount points of a CT's current config. */
export function lxcRoot(env: SimEnv, keys: Record<string, string>): { root: string; mounts: Mount[] } {
  const rootfs = readPropString(lxcRootfs, keys['rootfs'] ?? '');
  if (!rootfs['volume']) die('container has no rootfs');
  const root = rootfs['volume'].startsWith('/') ? hostPath(env, rootfs['volume']) : volPath(env, rootfs['volume']);
  const mounts: Mount[] = [];
  for (const [k, v] of Object.entries(keys)) {
    if (!/^mp\d+$/.test(k)) continue;
    const p = readPropString(lxcMp, v);
    const vol = p['volume'];
    const target = p['mp'];
    if (!vol || !target) continue;
    mounts.push({ source: vol.startsWith('/') ? hostPath(env, vol) : volPath(env, vol), target });
  }
  return { root, mounts };
}

/** Every volume a config section uses (rootfs/mpN/unusedN for CTs; disks/unusedN for VMs). */
export function sectionVolumes(type: GuestType, keys: Record<string, string>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(keys)) {
    let vol: string | undefined;
    if (type === 'lxc' && (k === 'rootfs' || /^mp\d+$/.test(k))) vol = mpVolume(v);
    else if (/^unused\d+$/.test(k)) vol = v;
    else if (type === 'qemu' && /^(scsi|virtio|sata|ide|efidisk|tpmstate)\d+$/.test(k)) {
      const file = v.split(',')[0] ?? '';
      vol = file === 'none' || file.startsWith('/') || file === 'cdrom' || /:iso\//.test(file) ? undefined : file;
    }
    if (vol) out.push([k, vol]);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}
