// Which changes a RUNNING guest takes at once (hot-plug) and which wait in the pending section for the next
// start. Data first, each rule with its source; the functions below only look the rules up.
import { readPropString } from '../conf/prop-string.js';
import { qemuDrive, readQemuNet } from '../conf/formats.js';

export type Op = 'set' | 'delete';

/**
 * pve-container src/PVE/LXC/Config.pm `$LXC_FASTPLUG_OPTIONS`: committed at once, set or deleted
 * (vmconfig_hotplug_pending, first loop).
 */
export const LXC_FASTPLUG = new Set(['description', 'onboot', 'startup', 'protection', 'hostname', 'hookscript', 'cores', 'tags', 'lock']);

/**
 * LXC/Config.pm vmconfig_hotplug_pending, delete loop: `unused(\d+)` (volume freed), `swap`, `cpulimit`,
 * `cpuunits`, `net(\d)` (a single digit: net10..net31 stay pending) are hot; anything else `die "skip\n"`.
 */
export const LXC_HOT_DELETE: readonly RegExp[] = [/^unused\d+$/, /^swap$/, /^cpulimit$/, /^cpuunits$/, /^net\d$/];

/**
 * LXC/Config.pm vmconfig_hotplug_pending, add/change loop: `cpulimit`, `cpuunits`, `netN` (PVE::LXC::update_net),
 * `memory`/`swap` (cgroup limits), and `mpN` / `devN` only when the key is new ("don't try to hotplug over existing
 * mp"). Everything else (features, nameserver, searchdomain, ostype, rootfs, a changed mpN, ...) is skipped.
 */
export const LXC_HOT_SET: readonly RegExp[] = [/^cpulimit$/, /^cpuunits$/, /^net\d+$/, /^memory$/, /^swap$/];
const LXC_HOT_IF_NEW = /^(mp|dev)\d+$/;

export function lxcHot(op: Op, key: string, current: Record<string, string>): boolean {
  if (LXC_FASTPLUG.has(key)) return true;
  if (op === 'delete') return LXC_HOT_DELETE.some((re) => re.test(key));
  if (LXC_HOT_SET.some((re) => re.test(key))) return true;
  return LXC_HOT_IF_NEW.test(key) && current[key] === undefined;
}

/**
 * qemu-server src/PVE/QemuServer.pm `$fast_plug_option`, plus every key of `$confdesc_cloudinit` (the loop right
 * after it): committed at once, set or deleted, whatever `hotplug` says.
 */
/** QemuServer.pm `$confdesc_cloudinit` (plus `ipconfigN`, added to it per NIC). */
const QEMU_CLOUDINIT = ['cicustom', 'cipassword', 'citype', 'ciupgrade', 'ciuser', 'nameserver', 'searchdomain', 'sshkeys'];
export const QEMU_FASTPLUG = new Set([
  'description', 'hookscript', 'lock', 'migrate_downtime', 'migrate_speed', 'name', 'onboot', 'protection', 'shares',
  'startup', 'tags', 'vmstatestorage', ...QEMU_CLOUDINIT,
]);
const QEMU_FASTPLUG_RE = /^ipconfig\d+$/;

/** QemuServer.pm parse_hotplug_features; `$confdesc->{hotplug}` default `network,disk,usb`, `1` = the default, `0` = none. */
export function hotplugFeatures(value: string | undefined): Set<string> {
  const v = value === undefined || value === '1' ? 'network,disk,usb' : value;
  if (v === '0') return new Set();
  return new Set(v.split(/[,;\s]+/).filter(Boolean));
}

const isDrive = (k: string): boolean => /^(ide|sata|scsi|virtio|efidisk|tpmstate)\d+$/.test(k);
const ne = (a: string | undefined, b: string | undefined): boolean => (a ?? '') !== (b ?? '');

/** QemuServer.pm vmconfig_update_net: an existing NIC changes live unless model/MAC/queues/mtu change or a bridge is missing. */
function qemuNetHot(old: string | undefined, value: string, features: Set<string>): boolean {
  if (old === undefined) return features.has('network');
  const o = readQemuNet(old);
  const n = readQemuNet(value);
  const replug = ne(o['model'], n['model']) || ne(o['macaddr'], n['macaddr']) || ne(o['queues'], n['queues'])
    || ne(o['mtu'], n['mtu']) || !(n['bridge'] && o['bridge']);
  return replug ? features.has('network') : true; // bridge/tag/trunks/firewall/rate/link_down: tap re-plug, live
}

const DRIVE_COLD = ['aio', 'discard', 'iothread', 'queues', 'product', 'cache', 'ssd', 'vendor', 'ro'];

/** QemuServer.pm vmconfig_update_disk (cloud-init drives are regenerated and count as hot). */
function qemuDriveHot(key: string, old: string | undefined, value: string, features: Set<string>): boolean {
  if (key === 'efidisk0' || key === 'tpmstate0') return false;
  const n = readPropString(qemuDrive, value);
  if (/-cloudinit(\.\w+)?$/.test(n['file'] ?? '')) return true;
  if (old !== undefined) {
    const o = readPropString(qemuDrive, old);
    if ((o['media'] ?? 'disk') === 'cdrom') return true; // change_medium
    if (ne(o['file'], n['file'])) return features.has('disk');
    return !DRIVE_COLD.some((k) => ne(o[k], n[k])); // throttling changes are live, the rest is not
  }
  return features.has('disk') && !/^(ide|sata)\d+$/.test(key);
}

/** QemuServer.pm vmconfig_update_agent: only `fstrim_cloned_disks` changes on a configured agent are live. */
function qemuAgentHot(old: string | undefined, value: string): boolean {
  if (old === undefined) return false;
  const parse = (v: string): Record<string, string> => {
    const out: Record<string, string> = {};
    v.split(',').forEach((part, i) => {
      const eq = part.indexOf('=');
      if (eq < 0 && i === 0) out['enabled'] = part; else out[part.slice(0, eq)] = part.slice(eq + 1);
    });
    delete out['fstrim_cloned_disks'];
    return out;
  };
  const o = parse(old);
  const n = parse(value);
  return [...new Set([...Object.keys(o), ...Object.keys(n)])].every((k) => !ne(o[k], n[k]));
}

/**
 * QemuServer.pm vmconfig_hotplug_pending: is this change taken by the running VM? `current` is the config in
 * effect (its `hotplug` decides the features), `value` the new value of a set.
 */
export function qemuHot(op: Op, key: string, current: Record<string, string>, value?: string): boolean {
  if (QEMU_FASTPLUG.has(key) || QEMU_FASTPLUG_RE.test(key)) return true;
  const features = hotplugFeatures(current['hotplug']);
  const old = current[key];
  // the API itself removes unused disks and tags (API2/Qemu.pm update_vm: try_deallocate_drive / delete)
  if (op === 'delete' && (/^unused\d+$/.test(key) || key === 'tags')) return true;
  if (key === 'hotplug') {
    if (/cpu|memory/.test(current['hotplug'] ?? '')) return false;
    return op === 'delete' || !/cpu|memory/.test(value ?? '');
  }
  if (key === 'tablet') return features.has('usb');
  if (/^usb\d+$/.test(key)) return features.has('usb') && /^(l26|win8|win10|win11)$/.test(current['ostype'] ?? '');
  if (key === 'vcpus') return features.has('cpu');
  if (key === 'memory') return features.has('memory');
  if (key === 'cpuunits' || key === 'cpulimit') return true;
  if (key === 'balloon') {
    if (op === 'delete') return current['balloon'] !== '0';
    return (current['balloon'] !== '0') === (value !== '0');
  }
  if (/^net\d+$/.test(key)) return op === 'delete' ? features.has('network') : qemuNetHot(old, value ?? '', features);
  if (isDrive(key)) {
    if (op === 'delete') return features.has('disk') && !/^(efidisk|ide|sata|tpmstate)\d+$/.test(key);
    return qemuDriveHot(key, old, value ?? '', features);
  }
  if (key === 'agent' && op === 'set') return qemuAgentHot(old, value ?? '');
  return false; // cores, sockets, cpu, boot, ostype, machine, bios, scsihw, vga, serialN, agent deletion, ...
}

/**
 * QemuServer.pm cloudinit_pending_properties: the keys whose changes on a running VM are recorded in
 * `[special:cloudinit]` (the cloud-init keys, `name`, every `netN`).
 */
export const isCloudinitProperty = (key: string): boolean =>
  QEMU_CLOUDINIT.includes(key) || key === 'name' || /^(ipconfig|net)\d+$/.test(key);
