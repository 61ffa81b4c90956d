// String formats of pve-container, qemu-server and pve-storage (their register_format calls, cited per entry).
import { readFileSync } from 'node:fs';
import { COMMON_FORMATS, isDnsName, parseId, type FormatCheck } from './formats-common.js';
import { IPV4RE, IPV6RE, isIp } from './ip.js';

const when = (ok: boolean, msg: string): string | undefined => (ok ? undefined : `${msg}\n`);
const END = '(?=\\n?$)';

/** qemu-server src/PVE/QemuServer/Drive.pm $drivedesc_hash (is_valid_drivename: every drive but unusedN). */
export function isDriveName(d: string): boolean {
  const m = /^(ide|sata|scsi|virtio)(\d+)$/.exec(d);
  if (m) return String(Number(m[2])) === m[2] && Number(m[2]) < ({ ide: 4, sata: 6, scsi: 31, virtio: 16 }[m[1] as 'ide']);
  return d === 'efidisk0' || d === 'tpmstate0';
}

/** pve-storage src/PVE/Storage/Plugin.pm parse_volume_id. */
const volumeId: FormatCheck = (v) => when(/^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)(?=\n?$)/i.test(v), `unable to parse volume ID '${v}'`);

/** qemu-server src/PVE/QemuServer.pm verify_volume_id_or_absolute_path. */
const volumeIdOrPath: FormatCheck = (v) => (v.startsWith('/') ? undefined : volumeId(v));

/** PVE::Storage::Plugin valid_content_types('dir') (DirPlugin plugindata), plus 'import' (verify_content). */
const DIR_CONTENT = new Set(['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'none', 'import']);

/** pve-common src/PVE/JSONSchema.pm pve_verify_timezone: UTC or a zone of /usr/share/zoneinfo/zone.tab. */
function timezone(v: string): string | undefined {
  if (v === 'UTC') return undefined;
  let tab = '';
  try { tab = readFileSync('/usr/share/zoneinfo/zone.tab', 'utf8'); } catch { /* no zone table: none matches */ }
  const zones = tab.split('\n').filter((l) => !/^\s*#/.test(l)).map((l) => l.split('\t')[2]);
  return zones.includes(v) ? undefined : `invalid time zone '${v}'\n`;
}

/** pve-common src/PVE/Tools.pm parse_host_and_port. */
function hostAndPort(v: string): boolean {
  const host = '[A-Za-z0-9\\-.]+';
  return new RegExp(`^(${IPV4RE}|${host})(?::(\\d+))?${END}`).test(v)
    || new RegExp(`^\\[(${IPV6RE}|${IPV4RE}|${host})\\](?::(\\d+))?${END}`).test(v)
    || new RegExp(`^(${IPV6RE})(?:\\.(\\d+))?${END}`).test(v);
}

/** qemu-server src/PVE/QemuServer.pm parse_hotplug_features (default 'network,disk,usb' for '1'). */
function hotplug(v: string): string | undefined {
  if (v === '0') return undefined;
  const list = v === '1' ? 'network,disk,usb' : v;
  for (const f of splitList(list)) if (!/^(network|disk|cpu|memory|usb|cloudinit)$/.test(f)) return `invalid hotplug feature '${f}'\n`;
  return undefined;
}

/** pve-common src/PVE/ParseUtils.pm split_list. */
export function splitList(text: string): string[] {
  if (text.includes('\0')) return text.split('\0');
  const s = text.replace(/[,;]/g, ' ').replace(/^\s+/, '');
  return s.split(/\s+/).filter((x) => x !== '');
}

export const GUEST_FORMATS: Readonly<Record<string, FormatCheck>> = {
  // pve-container src/PVE/LXC/Config.pm verify_lxc_mp_string
  'pve-lxc-mp-string': (v) => when(!(/\/\.\.?\//.test(v) || /\/\.\.?(?=\n?$)/.test(v) || /^\.\.\//.test(v)), `${v} contains illegal character sequences`),
  // LXC/Config.pm verify_lxc_dev_string
  'pve-lxc-dev-string': (v) => when(!/\/\.\.?(?:\/|$)/.test(v) && /^\/dev\//.test(v), `${v} is not a valid device path`),
  // LXC/Config.pm verify_ip_with_ll_iface: `fe80::x%iface` or an IP
  'lxc-ip-with-ll-iface': (v) => {
    const ll = /^(fe80:[^%]+)%(.*)$/.exec(v);
    if (ll && isIp(ll[1] as string) && COMMON_FORMATS['pve-iface']?.(ll[2] as string) === undefined) return undefined;
    return when(isIp(v), 'value does not look like a valid IP address');
  },
  // LXC/Config.pm verify_ct_timezone
  'pve-ct-timezone': (v) => (v === 'host' ? undefined : timezone(v)),
  timezone,
  // pve-storage src/PVE/Storage/Plugin.pm
  'pve-volume-id': volumeId,
  'pve-storage-path': (v) => when(/^\/[^;()]+/.test(v), 'value does not look like a valid absolute path'),
  'pve-storage-server': (v) => when(isIp(v) || isDnsName(v), 'value does not look like a valid server name or IP address'),
  'pve-storage-vgname': (v) => when(/^[a-z0-9][a-z0-9\-_.]*[a-z0-9](?=\n?$)/i.test(v), `lvm name '${v}' contains illegal characters`),
  'pve-storage-portal-dns': (v) => when(hostAndPort(v), 'value does not look like a valid portal address'),
  'pve-storage-content': (v) => when(DIR_CONTENT.has(v), `invalid content type '${v}'`),
  'pve-storage-format': (v) => when(/^(raw|qcow2|vmdk|subvol)(?=\n?$)/.test(v), `invalid format '${v}'`),
  'pve-storage-options': (v) => when(/^\S+(?=\n?$)/.test(v), `invalid options '${v}'`),
  // qemu-server src/PVE/QemuServer.pm
  'pve-volume-id-or-qm-path': (v) => (v === 'none' || v === 'cdrom' ? undefined : volumeIdOrPath(v)),
  'pve-volume-id-or-absolute-path': volumeIdOrPath,
  'pve-hotplug-features': hotplug,
  // qemu-server src/PVE/QemuServer/Drive.pm verify_bootdisk; QemuServer.pm verify_bootdev
  'pve-qm-bootdisk': (v) => when(isDriveName(v), `invalid boot disk '${v}'`),
  'pve-qm-bootdev': (v) => when((isDriveName(v) && !/^(efidisk|tpmstate)/.test(v)) || /^net([0-9]|[12][0-9]|3[01])$/.test(v)
    || /^usb([0-9]|1[0-3])$/.test(v) || /^hostpci([0-9]|1[0-5])$/.test(v), `invalid boot device '${v}'`),
  // pve-guest-common src/PVE/ReplicationConfig.pm / pve-common: storage pairs (parse_idmap of one entry)
  'storage-pair': (v) => idPair(v, (x) => parseId(x, 'storage')),
  'bridge-pair': (v) => idPair(v, (x) => COMMON_FORMATS['pve-bridge-id']?.(x)),
};

/** pve-common src/PVE/JSONSchema.pm parse_idmap for a single entry (`1`, `src:dst` or a default target). */
function idPair(v: string, check: FormatCheck): string | undefined {
  for (const entry of splitList(v)) {
    if (entry === '1') continue;
    const m = /^([^:]+):([^:]+)$/.exec(entry);
    for (const id of m ? [m[1] as string, m[2] as string] : [entry]) {
      const err = check(id);
      if (err) return `entry '${entry}' contains invalid ID - ${err}\n`;
    }
  }
  return undefined;
}
