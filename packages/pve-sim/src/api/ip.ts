// IP address patterns of pve-common src/PVE/ParseUtils.pm ($IPV4RE, $IPV6RE), and the Net::IP checks the firewall
// formats make (pve-firewall src/PVE/Firewall.pm parse_address_list, pve_verify_ip_or_cidr).

const OCTET = '(?:25[0-5]|(?:2[0-4]|1[0-9]|[1-9])?[0-9])';
export const IPV4RE = `(?:(?:${OCTET}\\.){3}${OCTET})`;
const H16 = '(?:[0-9a-fA-F]{1,4})';
const LS32 = `(?:(?:${IPV4RE}|${H16}:${H16}))`;
export const IPV6RE = '(?:'
  + `(?:(?:(?:${H16}:){6})${LS32})|`
  + `(?:(?:::(?:${H16}:){5})${LS32})|`
  + `(?:(?:(?:${H16})?::(?:${H16}:){4})${LS32})|`
  + `(?:(?:(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3})${LS32})|`
  + `(?:(?:(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2})${LS32})|`
  + `(?:(?:(?:(?:${H16}:){0,3}${H16})?::(?:${H16}:){1})${LS32})|`
  + `(?:(?:(?:(?:${H16}:){0,4}${H16})?::)${LS32})|`
  + `(?:(?:(?:(?:${H16}:){0,5}${H16})?::)${H16})|`
  + `(?:(?:(?:(?:${H16}:){0,6}${H16})?::)))`;

// Perl's `$` also matches before a final newline (see perl-regex.ts)
const END = '(?=\\n?$)';
const V4 = new RegExp(`^(?:${IPV4RE})${END}`);
const V6 = new RegExp(`^(?:${IPV6RE})${END}`);
export const isIpv4 = (s: string): boolean => V4.test(s);
export const isIpv6 = (s: string): boolean => V6.test(s);
export const isIp = (s: string): boolean => isIpv4(s) || isIpv6(s);

/** An IPv6 address as 8 groups of 16 bits (after isIpv6). */
function ipv6Words(s: string): number[] {
  let text = s;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const o = (v4[1] as string).split('.').map(Number);
    text = `${text.slice(0, v4.index)}${(((o[0] ?? 0) << 8) | (o[1] ?? 0)).toString(16)}:${(((o[2] ?? 0) << 8) | (o[3] ?? 0)).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined ? [] : tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((x) => parseInt(x, 16));
}

/** The address as a bit string (32 or 128 characters). */
export function ipBits(s: string): string | undefined {
  if (isIpv4(s)) return s.trim().split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
  if (isIpv6(s)) return ipv6Words(s.trim()).map((w) => w.toString(2).padStart(16, '0')).join('');
  return undefined;
}

/** An IPv4 address in Net::IP's lenient form (`10.0.0` = `10.0.0.0`) as bits, or its error. */
function v4Bits(ip: string): { bits: string } | { error: string } {
  if (!/^[\d.]+$/.test(ip)) return { error: `Invalid chars in IP ${ip}` };
  const quads = ip.split('.');
  if (quads.length > 4 || quads.some((q) => q === '')) return { error: `Invalid IP address ${ip}` };
  const bad = quads.find((q) => Number(q) > 255);
  if (bad !== undefined) return { error: `Invalid quad in IP address ${ip} - ${bad}` };
  while (quads.length < 4) quads.push('0');
  return { bits: quads.map((o) => Number(o).toString(2).padStart(8, '0')).join('') };
}

function anyBits(ip: string): { bits: string } | { error: string } {
  if (!ip.includes(':')) return v4Bits(ip);
  const bits = ipBits(ip);
  return bits === undefined ? { error: `Invalid IP address ${ip}` } : { bits };
}

/**
 * What `Net::IP->new($elem)` refuses, as `Net::IP::Error()` words it (undefined when it accepts): an address
 * (IPv4 may be short: `10/8`), `addr/len` with no host bits set, or a range `a-b` / `a - b`.
 */
export function netIpError(elem: string): string | undefined {
  const range = /^([^/]+?)\s*-\s*([^/]+)$/.exec(elem);
  if (range) {
    const [a, b] = [range[1] as string, range[2] as string];
    const x = anyBits(a);
    if ('error' in x) return x.error;
    const y = a.includes(':') ? anyBits(b) : (b.includes(':') ? { error: `Not a valid IPv4 address ${b}` } : anyBits(b));
    if ('error' in y) return y.error;
    return x.bits > y.bits ? `Begin address is greater than End address ${a} - ${b}` : undefined;
  }
  const [addr = '', len] = elem.split('/');
  const x = anyBits(addr);
  if ('error' in x) return x.error;
  if (len === undefined || len === '') return undefined;
  if (!/^\d+$/.test(len)) return `Invalid prefix length /${len}`;
  if (Number(len) > x.bits.length) return `Prefix length ${len} is longer than IP address (${x.bits.length})`;
  return x.bits.slice(Number(len)).includes('1') ? `Invalid prefix ${x.bits}/${len}` : undefined;
}
