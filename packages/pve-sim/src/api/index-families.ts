// The api-viewer folds numbered options (`net0` .. `net31`) into one entry `net[n]`. The Perl schema has each one,
// up to a per-family maximum that the JSON does not carry; these are the maxima of the sources.
import type { Prop } from './types.js';

/** Number of members of each family (indices 0 .. count-1), with the constant it comes from. */
export const FAMILY_COUNT: Readonly<Record<string, number>> = {
  // pve-container src/PVE/LXC/Config.pm: $MAX_LXC_NETWORKS = 32, $MAX_MOUNT_POINTS = 256,
  // $MAX_UNUSED_DISKS = $MAX_MOUNT_POINTS, $MAX_DEVICES = 256; qemu-server src/PVE/QemuServer.pm: $MAX_NETS = 32
  // (also ipconfig[n]), $MAX_SERIAL_PORTS = 4, $MAX_PARALLEL_PORTS = 3
  net: 32, mp: 256, unused: 256, dev: 256, ipconfig: 32, serial: 4, parallel: 3,
  // qemu-server src/PVE/QemuServer/Drive.pm: $MAX_IDE_DISKS = 4, $MAX_SCSI_DISKS = 31, $MAX_VIRTIO_DISKS = 16,
  // $MAX_SATA_DISKS = 6 ($MAX_UNUSED_DISKS = 256 as for CTs)
  ide: 4, scsi: 31, virtio: 16, sata: 6,
  // QemuServer/Memory.pm $MAX_NUMA = 8, QemuServer/PCI.pm $MAX_HOSTPCI_DEVICES = 16, QemuServer/USB.pm
  // $MAX_USB_DEVICES = 14, QemuServer/Virtiofs.pm $MAX_VIRTIOFS = 10
  numa: 8, hostpci: 16, usb: 14, virtiofs: 10,
  // pve-cluster src/PVE/Corosync.pm MAX_LINK_INDEX => 7; pve-manager PVE/NodeConfig.pm `for my $i (0 .. $MAXDOMAINS)`
  // with $MAXDOMAINS = 5
  link: 8, acmedomain: 6,
};

const MEMBER = /^([a-z]+)(\d+)$/;

/** The schema of option `name` in `props`, expanding `family[n]` entries; undefined when there is none. */
export function propOf(props: Readonly<Record<string, Prop>>, name: string): Prop | undefined {
  const direct = props[name];
  if (direct) return direct;
  const m = MEMBER.exec(name);
  if (!m) return undefined;
  const family = props[`${m[1]}[n]`];
  const count = FAMILY_COUNT[m[1] as string];
  // `net01` is not `net1`: the Perl schema has only the canonical spellings
  if (!family || count === undefined || String(Number(m[2])) !== m[2] || Number(m[2]) >= count) return undefined;
  return family;
}

/** Every option name of `props`, families expanded (Getopt::Long's table, for abbreviations). */
export function allNames(props: Readonly<Record<string, Prop>>): string[] {
  const out: string[] = [];
  for (const k of Object.keys(props)) {
    const f = /^([a-z]+)\[n\]$/.exec(k);
    if (!f) { out.push(k); continue; }
    const count = FAMILY_COUNT[f[1] as string] ?? 0;
    for (let i = 0; i < count; i++) out.push(`${f[1]}${i}`);
  }
  return out;
}
