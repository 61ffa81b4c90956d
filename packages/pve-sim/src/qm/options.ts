// The VM config options qm create/set accept (qemu-server $confdesc, abridged).
import { bool, intMin, num, str, type OptSpec } from '../core/schema.js';

export const DRIVE_RE = /^(ide[0-3]|sata[0-5]|scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5])|efidisk0|tpmstate0)$/;
export const QM_LOCKS = ['backup', 'clone', 'create', 'migrate', 'rollback', 'snapshot', 'snapshot-delete', 'suspending', 'suspended'] as const;

export const QM_OPTS: Record<string, OptSpec> = {
  acpi: bool, agent: str, args: str, autostart: bool, balloon: intMin(0), bios: { type: 'string', enum: ['seabios', 'ovmf'] },
  boot: str, bootdisk: str, cicustom: str, cipassword: str, citype: { type: 'string', enum: ['configdrive2', 'nocloud', 'opennebula'] },
  ciupgrade: bool, ciuser: str, cores: intMin(1), cpu: str, cpulimit: { type: 'number', min: 0, max: 128 }, cpuunits: intMin(1, 262144),
  description: str, hookscript: str, hotplug: str, kvm: bool, localtime: bool, lock: { type: 'string', enum: QM_LOCKS },
  machine: str, memory: { type: 'string', format: (v) => (/^(current=)?\d+$/.test(v) ? undefined : `invalid format - value does not match the regex pattern`) },
  meta: str, name: str, nameserver: str, numa: bool, onboot: bool, ostype: str, protection: bool, scsihw: {
    type: 'string', enum: ['lsi', 'lsi53c810', 'virtio-scsi-pci', 'virtio-scsi-single', 'megasas', 'pvscsi'],
  },
  searchdomain: str, smbios1: str, sockets: intMin(1), sshkeys: str, startup: str, tablet: bool, tags: str, template: bool,
  vcpus: intMin(1), vga: str, vmgenid: str,
};

export const QM_PATTERNS: ReadonlyArray<readonly [RegExp, OptSpec]> = [
  [DRIVE_RE, str], [/^net([0-9]|[12][0-9]|3[01])$/, str], [/^ipconfig([0-9]|[12][0-9]|3[01])$/, str],
  [/^serial[0-3]$/, str], [/^unused\d+$/, str], [/^usb[0-4]$/, str], [/^hostpci\d+$/, str],
];

export const CREATE_OPTS: Record<string, OptSpec> = {
  ...QM_OPTS, start: bool, pool: str, storage: str, unique: bool, archive: str, force: bool, 'live-restore': bool, bwlimit: num,
};

export const SET_OPTS: Record<string, OptSpec> = { ...QM_OPTS, delete: str, revert: str, digest: str, skiplock: bool, force: bool };
