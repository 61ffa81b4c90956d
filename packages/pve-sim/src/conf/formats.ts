// The property-string formats the simulator knows (pve-container $netconf_desc / $mp_desc,
// qemu-server Network.pm / Drive.pm), and MAC generation.
import { randomBytes } from 'node:crypto';
import { ParamError } from '../core/errors.js';
import { parsePropString, type PropFormat, type Props } from './prop-string.js';

export const lxcNet: PropFormat = {
  required: ['name'],
  keys: {
    name: 'string', bridge: 'string', firewall: 'bool', gw: 'string', gw6: 'string', 'host-managed': 'bool',
    hwaddr: 'string', ip: 'string', ip6: 'string', link_down: 'bool', mtu: 'int', rate: 'number', tag: 'int',
    trunks: 'string', type: 'string',
  },
};

const mpKeys = {
  volume: 'string', acl: 'bool', backup: 'bool', keepattrs: 'bool', mountoptions: 'string', quota: 'bool',
  replicate: 'bool', ro: 'bool', shared: 'bool', size: 'size',
} as const;

export const lxcMp: PropFormat = { defaultKey: 'volume', required: ['mp'], keys: { ...mpKeys, mp: 'string' } };
export const lxcRootfs: PropFormat = { defaultKey: 'volume', keys: { ...mpKeys, mp: 'string' }, dropped: ['mp'] };

export const lxcFeatures: PropFormat = {
  keys: { fuse: 'bool', keyctl: 'bool', mknod: 'bool', mount: 'string', nesting: 'bool', force_rw_sys: 'bool' },
};

export const qemuDrive: PropFormat = {
  defaultKey: 'file',
  keys: {
    file: 'string', aio: 'string', backup: 'bool', cache: 'string', discard: 'string', format: 'string',
    'import-from': 'string', iothread: 'bool', media: 'string', replicate: 'bool', ro: 'bool', serial: 'string',
    size: 'size', snapshot: 'bool', ssd: 'bool', werror: 'string', rerror: 'string', wwn: 'string', cyls: 'int',
    heads: 'int', secs: 'int', trans: 'string', model: 'string', shared: 'bool', detect_zeroes: 'bool',
    iops: 'int', mbps: 'number', queues: 'int', product: 'string', vendor: 'string', 'scsiblock': 'bool',
  },
};

export const ipConfig: PropFormat = { keys: { ip: 'string', gw: 'string', ip6: 'string', gw6: 'string' } };

const QEMU_MODELS = ['e1000', 'e1000-82540em', 'e1000-82544gc', 'e1000-82545em', 'e1000e', 'i82551', 'i82557b',
  'i82559er', 'ne2k_isa', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio', 'vmxnet3'];
const qemuNetOpts: PropFormat = {
  keys: { model: 'string', macaddr: 'string', bridge: 'string', firewall: 'bool', link_down: 'bool', mtu: 'int',
    queues: 'int', rate: 'number', tag: 'int', trunks: 'string' },
};

/** `virtio,bridge=vmbr0` / `virtio=MAC,...` / `model=virtio,macaddr=MAC,...`. */
export function parseQemuNet(param: string, value: string): Props {
  const parts = value.split(',');
  const rest: string[] = [];
  let model: string | undefined;
  let mac: string | undefined;
  for (const p of parts) {
    const [k, v] = p.includes('=') ? [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] : [p, undefined];
    if (QEMU_MODELS.includes(k)) { model = k; if (v) mac = v; } else rest.push(p);
  }
  const props = parsePropString(qemuNetOpts, param, rest.join(','));
  model = model ?? props['model'];
  if (!model) throw new ParamError({ [param]: `invalid format - format error\n${param}.model: property is missing and it is not optional` });
  props['model'] = model;
  if (mac) props['macaddr'] = mac;
  return props;
}

export function printQemuNet(p: Props): string {
  const head = `${p['model']}=${p['macaddr']}`;
  const rest = Object.keys(p).filter((k) => k !== 'model' && k !== 'macaddr').sort().map((k) => `${k}=${p[k]}`);
  return [head, ...rest].join(',');
}

export function readQemuNet(value: string): Props {
  const out: Props = {};
  value.split(',').forEach((part, i) => {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    if (i === 0 && QEMU_MODELS.includes(k)) { out['model'] = k; out['macaddr'] = v; } else out[k] = v;
  });
  return out;
}

export function printDrive(p: Props): string {
  const rest = Object.keys(p).filter((k) => k !== 'file').sort().map((k) => `${k}=${p[k]}`);
  return [p['file'] ?? '', ...rest].join(',');
}

/** PVE::Tools::random_ether_addr with the default `BC:24:11` prefix. */
export function randomMac(): string {
  const b = randomBytes(3);
  return ['BC', '24', '11', ...[...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0'))].join(':');
}

/** PVE::GuestHelpers::get_unique_tags: split on `;`, `,` or spaces, lower-cased, sorted, unique, joined with `;`. */
export function normaliseTags(v: string): string {
  const tags = v.split(/[\0\s,;]+/).filter((t) => t !== '').map((t) => t.toLowerCase()).sort();
  return [...new Set(tags)].join(';');
}
