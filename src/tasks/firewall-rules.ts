// Guest firewall rules: the `.fw` file format PVE writes, and the config's rules, both as canonical strings.
import type { FirewallRule } from '../inventory/config-types.js';
import { arr, bool, obj, str } from './schema.js';

/** A configured rule: the config file's schema accepts `dport` as well as `port` for the destination port. */
export type GuestFwRule = FirewallRule & { dport?: string };

const portList = str({ pattern: '^[0-9]{1,5}([:-][0-9]{1,5})?(,[0-9]{1,5}([:-][0-9]{1,5})?)*$' });
const fwAddress = str({ pattern: '^[A-Za-z0-9+][A-Za-z0-9.:/,+_-]*$' });

/** The rules as config/schemas/*-configs.schema.json `firewallRule` accepts them (action: a verdict or a group name). */
export const rulesSchema = arr(obj({
  type: { enum: ['in', 'out', 'group'] },
  action: str({ pattern: '^[A-Za-z][A-Za-z0-9_-]*$' }),
  proto: str({ pattern: '^[A-Za-z0-9-]+$' }),
  port: portList,
  dport: portList,
  sport: portList,
  source: fwAddress,
  dest: fwAddress,
  iface: str({ pattern: '^[A-Za-z0-9_.-]+$' }),
  comment: str({ pattern: '^[^\\r\\n]*$' }),
  enable: bool(),
}, ['type', 'action']));

export interface GuestFirewallFacts { options: Record<string, string>; rules: string[] }

const OPT: Record<string, string> = { '-p': 'proto', '-dport': 'dport', '-sport': 'sport', '-source': 'source', '-dest': 'dest', '-i': 'iface', '-log': 'log', '-icmp-type': 'icmp-type' };

function canonical(f: Record<string, string | undefined>): string {
  const keys = ['type', 'action', 'enable', 'proto', 'dport', 'sport', 'source', 'dest', 'iface', 'icmp-type', 'comment'];
  return keys.filter((k) => f[k] !== undefined && f[k] !== '').map((k) => `${k}=${f[k]}`).join(' ');
}

/** One `[RULES]` line: `|IN ACCEPT -source 10.0.0.0/24 -p tcp -dport 22 -log nolog # comment`. */
export function parseRuleLine(line: string): string | undefined {
  let s = line.trim();
  if (!s || s.startsWith('#')) return undefined;
  const f: Record<string, string> = { enable: '1' };
  if (s.startsWith('|')) { f.enable = '0'; s = s.slice(1); }
  const hash = s.indexOf(' #');
  if (hash >= 0) { f.comment = s.slice(hash + 2).trim(); s = s.slice(0, hash); }
  const t = s.split(/\s+/);
  f.type = (t[0] ?? '').toLowerCase();
  f.action = t[1] ?? '';
  for (let i = 2; i < t.length; i += 2) {
    const k = OPT[t[i]!];
    if (k && k !== 'log') f[k] = t[i + 1] ?? '';
  }
  return canonical(f);
}

export function parseFwFile(text: string): GuestFirewallFacts {
  const out: GuestFirewallFacts = { options: {}, rules: [] };
  let sec = '';
  for (const line of text.split('\n')) {
    const m = /^\[(\w+)\]/.exec(line.trim());
    if (m) { sec = m[1]!.toUpperCase(); continue; }
    if (sec === 'OPTIONS') {
      const o = /^\s*([\w-]+)\s*:\s*(.*?)\s*$/.exec(line);
      if (o) out.options[o[1]!] = o[2]!;
    } else if (sec === 'RULES') {
      const r = parseRuleLine(line);
      if (r) out.rules.push(r);
    }
  }
  return out;
}

/** One rule of `pvesh get …/firewall/rules --output-format json`. */
export function ruleFromApi(x: Record<string, unknown>): string {
  const s = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));
  return canonical({
    type: s(x.type)?.toLowerCase(), action: s(x.action), enable: x.enable === 0 || x.enable === '0' ? '0' : '1',
    proto: s(x.proto), dport: s(x.dport), sport: s(x.sport), source: s(x.source), dest: s(x.dest), iface: s(x.iface), 'icmp-type': s(x['icmp-type']), comment: s(x.comment),
  });
}

// a verdict is upper case; a security group's name is kept as written (pve-firewall src/PVE/Firewall.pm `verify_rule`
// matches ACCEPT|DROP|REJECT exactly and a group name against its pattern, changing neither)
const actionOf = (r: GuestFwRule): string => (r.type === 'group' ? r.action : r.action.toUpperCase());

export function ruleFromConfig(r: GuestFwRule): string {
  return canonical({
    type: r.type.toLowerCase(), action: actionOf(r), enable: r.enable === false ? '0' : '1',
    proto: r.proto, dport: r.port ?? r.dport, sport: r.sport, source: r.source, dest: r.dest, iface: r.iface, comment: r.comment?.replace(/[\r\n]+/g, ' '),
  });
}

/** `pvesh create …/firewall/rules` options for a rule. */
export function ruleArgs(r: GuestFwRule): string[] {
  const a = ['--type', r.type.toLowerCase(), '--action', actionOf(r), '--enable', r.enable === false ? '0' : '1'];
  const add = (k: string, v: string | undefined): void => { if (v !== undefined && v !== '') a.push(`--${k}`, v); };
  add('proto', r.proto); add('dport', r.port ?? r.dport); add('sport', r.sport); add('source', r.source); add('dest', r.dest); add('iface', r.iface);
  add('comment', r.comment?.replace(/[\r\n]+/g, ' '));
  return a;
}
