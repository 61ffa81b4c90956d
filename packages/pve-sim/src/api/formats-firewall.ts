// The firewall formats of pve-firewall src/PVE/Firewall.pm (register_format at lines ~74-1217): ports resolve
// names through the node's /etc/services, protocols through /etc/protocols, as get_etc_services /
// get_etc_protocols do (read here from the machine the check runs on).
import { readFileSync } from 'node:fs';
import type { FormatCheck } from './formats-common.js';
import { IPV4RE, IPV6RE, netIpError } from './ip.js';

const ALIAS = '[A-Za-z][A-Za-z0-9\\-_]+';

function readLines(file: string): string[] {
  try { return readFileSync(file, 'utf8').split('\n'); } catch { return []; }
}

let services: Set<string> | undefined;
/** get_etc_services: `name port/(tcp|udp|sctp)` lines (the first name only). */
function serviceNames(): Set<string> {
  services ??= new Set(readLines('/etc/services').flatMap((l) => {
    const m = /^(\S+)\s+(\S+)\/(tcp|udp|sctp)/.exec(l);
    return m && !l.startsWith('#') ? [m[1] as string] : [];
  }));
  return services;
}

let protocols: Set<string> | undefined;
/** get_etc_protocols: names and numbers of /etc/protocols, plus `icmpv6`. */
function protocolKeys(): Set<string> {
  protocols ??= new Set(['icmpv6', ...readLines('/etc/protocols').flatMap((l) => {
    const m = /^(\S+)\s+(\d+)(?:\s+.*)?$/.exec(l);
    return m && !l.startsWith('#') ? [m[1] as string, m[2] as string] : [];
  })]);
  return protocols;
}

const ICMP = new Set(['any', 'echo-reply', 'destination-unreachable', 'network-unreachable', 'host-unreachable',
  'protocol-unreachable', 'port-unreachable', 'fragmentation-needed', 'source-route-failed', 'network-unknown',
  'host-unknown', 'network-prohibited', 'host-prohibited', 'TOS-network-unreachable', 'TOS-host-unreachable',
  'communication-prohibited', 'host-precedence-violation', 'precedence-cutoff', 'source-quench', 'redirect',
  'network-redirect', 'host-redirect', 'TOS-network-redirect', 'TOS-host-redirect', 'echo-request',
  'router-advertisement', 'router-solicitation', 'time-exceeded', 'ttl-zero-during-transit',
  'ttl-zero-during-reassembly', 'parameter-problem', 'ip-header-bad', 'required-option-missing',
  'timestamp-request', 'timestamp-reply', 'address-mask-request', 'address-mask-reply']);
const ICMPV6 = new Set(['destination-unreachable', 'no-route', 'communication-prohibited', 'beyond-scope',
  'address-unreachable', 'port-unreachable', 'failed-policy', 'reject-route', 'packet-too-big', 'time-exceeded',
  'ttl-zero-during-transit', 'ttl-zero-during-reassembly', 'parameter-problem', 'bad-header',
  'unknown-header-type', 'unknown-option', 'echo-request', 'echo-reply', 'router-solicitation',
  'router-advertisement', 'neighbor-solicitation', 'neighbour-solicitation', 'neighbor-advertisement',
  'neighbour-advertisement', 'redirect']);

/** parse_port_name_number_or_range. */
function ports(str: string, dport: boolean): string | undefined {
  const items = str.split(',');
  // Perl's split drops trailing empty fields, so `22,` differs from its join
  while (items.length > 0 && items[items.length - 1] === '') items.pop();
  if (str !== items.join(',')) return 'extraneous commas in list\n';
  let count = 0;
  let icmp = false;
  for (const item of items) {
    const range = /^([0-9]+):([0-9]+)$/.exec(item);
    if (range) {
      count += 2;
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (a > 65535) return `invalid port '${range[1]}'\n`;
      if (b > 65535) return `invalid port '${range[2]}'\n`;
      if (a > b) return `backwards range '${range[1]}:${range[2]}' not allowed, did you mean '${range[2]}:${range[1]}'?\n`;
    } else if (/^[0-9]+$/.test(item)) {
      count += 1;
      if (Number(item) > 65535) return `invalid port '${item}'\n`;
    } else if (dport && (ICMP.has(item) || ICMPV6.has(item))) {
      icmp = true;
    } else if (!serviceNames().has(item)) {
      return `invalid port '${item}'\n`;
    }
  }
  if (icmp && count > 0) return 'ICMP ports not allowed in port range\n';
  return count > 15 ? 'too many entries in port list (> 15 numbers)\n' : undefined;
}

/** parse_address_list. */
function addresses(str: string): string | undefined {
  if (/^(\+)(\S+)$/.test(str)) return str.length > 65 ? 'ipset name too long\n' : undefined;
  if (new RegExp(`^(dc/|guest/)?${ALIAS}$`).test(str)) return str.length > 64 ? 'alias name too long\n' : undefined;
  const elems = str.split(',');
  while (elems.length > 0 && elems[elems.length - 1] === '') elems.pop();
  if (str !== elems.join(',')) return 'extraneous commas in list\n';
  let version: number | undefined;
  for (const e of elems) {
    const err = netIpError(e);
    if (err) return `invalid IP address: ${err}\n`;
    const v = e.includes(':') ? 6 : 4;
    if (version !== undefined && v !== version) return `detected mixed ipv4/ipv6 addresses in address list '${str}'\n`;
    version = v;
  }
  return elems.length > 1 && elems.some((e) => e.includes('-')) ? "you can't use a range in a list\n" : undefined;
}

/** pve_verify_ip_or_cidr: the regex, then Net::IP on the address with its host bits cleared (clean_cidr). */
function ipOrCidr(v: string): string | undefined {
  const m = new RegExp(`^(?:${IPV6RE}|${IPV4RE})(?:/(\\d+))?$`).exec(v);
  if (!m) return 'value does not look like a valid IP address or CIDR network\n';
  const len = m[1];
  const bits = v.includes(':') ? 128 : 32;
  return len !== undefined && Number(len) > bits ? `Prefix length ${len} is longer than IP address (${bits})\n` : undefined;
}

export const FIREWALL_FORMATS: Readonly<Record<string, FormatCheck>> = {
  'pve-fw-sport-spec': (v) => ports(v, false),
  'pve-fw-dport-spec': (v) => ports(v, true),
  'pve-fw-addr-spec': addresses,
  'pve-fw-protocol-spec': (v) => (v !== '' && v !== '0' && !protocolKeys().has(v) ? `unknown protocol '${v}'\n` : undefined),
  'pve-fw-icmp-type-spec': (v) => (ICMP.has(v) || ICMPV6.has(v) || v === '' ? undefined : `invalid icmp-type value '${v}'\n`),
  IPorCIDR: ipOrCidr,
  IPorCIDRorAlias: (v) => (new RegExp(`^(dc/|guest/)?(?:${ALIAS})$`).test(v) ? undefined : ipOrCidr(v)),
};
