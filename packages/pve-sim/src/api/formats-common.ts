// The string formats pve-common registers (src/PVE/JSONSchema.pm, register_format). A check returns what the
// Perl validator dies with (`$@`, newline included), or undefined when the value passes.
import { IPV4RE, IPV6RE, isIp, isIpv4, isIpv6 } from './ip.js';

export type FormatCheck = (v: string) => string | undefined;

const re = (src: string, flags = ''): RegExp => new RegExp(`^(?:${src})(?=\\n?$)`, flags);
const when = (ok: boolean, msg: string): string | undefined => (ok ? undefined : `${msg}\n`);

const CONFIGID = re('[a-z][a-z0-9_-]+', 'i');
const DNS_PART = '([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?)';
const DNS = re(`(${DNS_PART}\\.)*${DNS_PART}`);
const CIDR4 = new RegExp(`^(?:${IPV4RE})(?:/(\\d+))(?=\\n?$)`);
const CIDR6 = new RegExp(`^(?:${IPV6RE})(?:/(\\d+))(?=\\n?$)`);
const EMAIL_USER = '[\\w\\+\\-\\~]+(\\.[\\w\\+\\-\\~]+)*';
const EMAIL = `${EMAIL_USER}@[a-zA-Z0-9\\-]+(\\.[a-zA-Z0-9\\-]+)*`;

/** parse_id (JSONSchema.pm): storage and plugin ids. */
export function parseId(id: string, type: string): string | undefined {
  if (id.length < 2) return `${type} ID '${id}' cannot be shorter than 2 characters\n`;
  return when(/^[a-z][a-z0-9\-_.]*[a-z0-9](?=\n?$)/i.test(id), `${type} ID '${id}' contains illegal characters`);
}

/** parse_size (JSONSchema.pm): bytes, or undefined. */
export function parseSize(v: string): number | undefined {
  const m = /^(\d+(\.\d+)?)([KMGT](?:iB)?)?(?=\n?$)/.exec(v);
  if (!m) return undefined;
  const mult: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
  return Math.trunc(Number(m[1]) * (m[3] ? mult[(m[3] as string)[0] as string] ?? 1 : 1));
}

export const cidrv4 = (v: string): boolean => { const m = CIDR4.exec(v); return !!m && Number(m[1]) > 7 && Number(m[1]) <= 32; };
export const cidrv6 = (v: string): boolean => { const m = CIDR6.exec(v); return !!m && Number(m[1]) > 7 && Number(m[1]) <= 128; };
export const isDnsName = (v: string): boolean => DNS.test(v);

/** pve_parse_startup_order: `[order=]N,up=N,down=N` (false for '' and '0', which Perl reads as false). */
function startupOrder(v: string): boolean {
  if (v === '' || v === '0') return false;
  return v.split(',').every((p) => /^\s*$/.test(p) || /^(order=)?\d+$/.test(p) || /^up=\d+$/.test(p) || /^down=\d+$/.test(p));
}

/** pve_verify_vlan_id_or_range. */
function vlanIdOrRange(v: string): string | undefined {
  const m = /^(\d+)(?:-(\d+))?(?=\n?$)/.exec(v);
  if (!m) return `invalid VLAN configuration '${v}'\n`;
  for (const t of [m[1], m[2]]) if (t && (Number(t) < 2 || Number(t) > 4094)) return `invalid VLAN tag '${t}'\n`;
  if (m[2] && Number(m[1]) >= Number(m[2])) return `VLAN range must go from lower to higher tag '${v}'\n`;
  return undefined;
}

const MASKS = new Set(Array.from({ length: 33 }, (_, n) => {
  const bits = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.');
}));

export const COMMON_FORMATS: Readonly<Record<string, FormatCheck>> = {
  string: () => undefined,
  urlencoded: (v) => when(/^[-%a-zA-Z0-9_.!~*'()]*(?=\n?$)/.test(v), `invalid urlencoded string: ${v}`),
  'pve-configid': (v) => when(CONFIGID.test(v), `invalid configuration ID '${v}'`),
  'pve-storage-id': (v) => parseId(v, 'storage'),
  'acme-plugin-id': (v) => parseId(v, 'ACME plugin'),
  'pve-bridge-id': (v) => when(/^[-_.\w\d]+(?=\n?$)/.test(v), `invalid bridge ID '${v}'`),
  'pve-vmid': (v) => when(/^[1-9][0-9]{2,8}(?=\n?$)/.test(v), 'value does not look like a valid VM ID'),
  'pve-node': (v) => when(/^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)(?=\n?$)/.test(v), 'value does not look like a valid node name'),
  'mac-addr': (v) => when(/^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}(?=\n?$)/i.test(v), 'value does not look like a valid unicast MAC address'),
  ipv4: (v) => when(isIpv4(v), 'value does not look like a valid IPv4 address'),
  ipv6: (v) => when(isIpv6(v), 'value does not look like a valid IPv6 address'),
  ip: (v) => when(isIp(v), 'value does not look like a valid IP address'),
  ipv4mask: (v) => when(MASKS.has(v), 'value does not look like a valid IP netmask'),
  CIDRv4: (v) => when(cidrv4(v), 'value does not look like a valid IPv4 CIDR network'),
  CIDRv6: (v) => when(cidrv6(v), 'value does not look like a valid IPv6 CIDR network'),
  CIDR: (v) => when(cidrv4(v) || cidrv6(v), 'value does not look like a valid CIDR network'),
  'pve-ipv4-config': (v) => when(/^(?:dhcp|manual)(?=\n?$)/.test(v) || cidrv4(v), 'value does not look like a valid ipv4 network configuration'),
  'pve-ipv6-config': (v) => when(/^(?:auto|dhcp|manual)(?=\n?$)/.test(v) || cidrv6(v), 'value does not look like a valid ipv6 network configuration'),
  email: (v) => when(re(EMAIL).test(v), 'value does not look like a valid email address'),
  'email-or-username': (v) => when(re(EMAIL).test(v) || re(EMAIL_USER).test(v), 'value does not look like a valid email address or user name'),
  'dns-name': (v) => when(isDnsName(v), 'value does not look like a valid DNS name'),
  'pve-iface': (v) => when(/^[a-z][a-z0-9_]{1,20}([:.]\d+)?(?=\n?$)/i.test(v), `invalid network interface name '${v}'`),
  'pve-vlan-id-or-range': vlanIdOrRange,
  address: (v) => when(isIp(v) || isDnsName(v), `value does not look like a valid address: ${v}`),
  'disk-size': (v) => when(parseSize(v) !== undefined, `value does not look like a valid disk size: ${v}`),
  'pve-startup-order': (v) => when(startupOrder(v), 'unable to parse startup options'),
  'pve-tag': (v) => when(/^[a-z0-9_][a-z0-9_\-+.]*(?=\n?$)/i.test(v), 'invalid characters in tag'),
  'pve-task-status-type': (v) => when(/^(ok|error|warning|unknown)(?=\n?$)/i.test(v), `invalid status '${v}'`),
  'ldap-simple-attr': (v) => when(/^[a-zA-Z0-9]+$/.test(v), `value '${v}' does not look like a simple ldap attribute name`),
  'pve-tfa-secret': (v) => when(/^v2-0x[0-9a-fA-F]{16,128}(?=\n?$)/.test(v) || /^v2-[A-Z2-7=]{16,128}(?=\n?$)/.test(v)
    || /^(?:[A-Z2-7=]{16}|[A-Fa-f0-9]{40})(?=\n?$)/.test(v), 'unable to decode TFA secret'),
};
