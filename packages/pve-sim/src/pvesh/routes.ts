// The API paths the simulator serves.
import type { Ctx } from '../core/ctx.js';
import type { OptSpec } from '../core/schema.js';
import { bool, str, vmidSpec } from '../core/schema.js';

export type Method = 'get' | 'set' | 'create' | 'delete';
export type RouteHandler = (ctx: Ctx, m: RegExpExecArray, opts: Record<string, string>) => unknown;

export interface Route {
  method: Method;
  path: RegExp;
  params?: Record<string, OptSpec>;
  patterns?: ReadonlyArray<readonly [RegExp, OptSpec]>;
  handler: RouteHandler;
}

const lazy = <M>(load: () => Promise<M>, pick: (m: M) => RouteHandler): RouteHandler => async (c, m, o) => pick(await load())(c, m, o);
const cluster = (): Promise<typeof import('./cluster.js')> => import('./cluster.js');
const guests = (): Promise<typeof import('./guests.js')> => import('./guests.js');
const fw = (): Promise<typeof import('./firewall.js')> => import('./firewall.js');
const net = (): Promise<typeof import('./network.js')> => import('./network.js');

const N = '([^/]+)';
const G = '(lxc|qemu)';
const ID = '(\\d+)';
const RULE_PARAMS: Record<string, OptSpec> = {
  type: { type: 'string', enum: ['in', 'out', 'forward', 'group'] }, action: str, enable: { type: 'integer', min: 0 },
  source: str, dest: str, proto: str, dport: str, sport: str, comment: str, macro: str, iface: str, log: str,
  pos: { type: 'integer', min: 0 }, moveto: { type: 'integer', min: 0 }, digest: str, delete: str, 'icmp-type': str,
};
const OPTION_PARAMS: Record<string, OptSpec> = {
  enable: bool, dhcp: bool, ipfilter: bool, log_level_in: str, log_level_out: str, macfilter: bool, ndp: bool,
  policy_in: str, policy_out: str, radv: bool, delete: str, digest: str, ebtables: bool, log_ratelimit: str,
  policy_forward: str, nosmurfs: bool, tcpflags: bool, protection_synflood: bool,
};

export const ROUTES: readonly Route[] = [
  { method: 'get', path: /^\/cluster\/resources$/, params: { type: { type: 'string', enum: ['vm', 'storage', 'node', 'sdn'] } }, handler: lazy(cluster, (m) => m.resources) },
  { method: 'get', path: /^\/cluster\/nextid$/, params: { vmid: vmidSpec }, handler: lazy(cluster, (m) => m.nextid) },
  { method: 'get', path: /^\/cluster\/status$/, handler: lazy(cluster, (m) => m.clusterStatus) },
  { method: 'get', path: /^\/nodes$/, handler: lazy(cluster, (m) => m.nodes) },
  { method: 'get', path: new RegExp(`^/nodes/${N}/network$`), params: { type: { type: 'string', enum: ['bridge', 'bond', 'eth', 'alias', 'vlan', 'fabric', 'OVSBridge', 'OVSBond', 'OVSPort', 'OVSIntPort', 'vnet', 'any_bridge', 'any_local_bridge', 'include_sdn'] } }, handler: lazy(net, (m) => m.networkIndex) },
  { method: 'get', path: new RegExp(`^/nodes/${N}/${G}$`), params: { full: bool }, handler: lazy(guests, (m) => m.guestList) },
  { method: 'get', path: new RegExp(`^/nodes/${N}/${G}/${ID}/config$`), params: { current: bool, snapshot: str }, handler: lazy(guests, (m) => m.guestConfig) },
  { method: 'get', path: new RegExp(`^/nodes/${N}/${G}/${ID}/status/current$`), handler: lazy(guests, (m) => m.guestStatus) },
  { method: 'get', path: new RegExp(`^/nodes/${N}/${G}/${ID}/pending$`), handler: lazy(guests, (m) => m.guestPending) },
  { method: 'get', path: new RegExp(`^/nodes/${N}/${G}/${ID}/firewall/rules$`), handler: lazy(fw, (m) => m.listRules) },
  { method: 'create', path: new RegExp(`^/nodes/${N}/${G}/${ID}/firewall/rules$`), params: RULE_PARAMS, handler: lazy(fw, (m) => m.createRule) },
  { method: 'get', path: new RegExp(`^/nodes/${N}/${G}/${ID}/firewall/rules/(\\d+)$`), handler: lazy(fw, (m) => m.getRule) },
  { method: 'set', path: new RegExp(`^/nodes/${N}/${G}/${ID}/firewall/rules/(\\d+)$`), params: RULE_PARAMS, handler: lazy(fw, (m) => m.setRule) },
  { method: 'delete', path: new RegExp(`^/nodes/${N}/${G}/${ID}/firewall/rules/(\\d+)$`), params: { digest: str }, handler: lazy(fw, (m) => m.deleteRule) },
  { method: 'get', path: new RegExp(`^/nodes/${N}/${G}/${ID}/firewall/options$`), handler: lazy(fw, (m) => m.getOptions) },
  { method: 'set', path: new RegExp(`^/nodes/${N}/${G}/${ID}/firewall/options$`), params: OPTION_PARAMS, handler: lazy(fw, (m) => m.setOptions) },
  { method: 'get', path: /^\/cluster\/firewall\/rules$/, handler: lazy(fw, (m) => m.listRules) },
  { method: 'create', path: /^\/cluster\/firewall\/rules$/, params: RULE_PARAMS, handler: lazy(fw, (m) => m.createRule) },
  { method: 'get', path: /^\/cluster\/firewall\/rules\/(\d+)$/, handler: lazy(fw, (m) => m.getRule) },
  { method: 'set', path: /^\/cluster\/firewall\/rules\/(\d+)$/, params: RULE_PARAMS, handler: lazy(fw, (m) => m.setRule) },
  { method: 'delete', path: /^\/cluster\/firewall\/rules\/(\d+)$/, params: { digest: str }, handler: lazy(fw, (m) => m.deleteRule) },
  { method: 'get', path: /^\/cluster\/firewall\/options$/, handler: lazy(fw, (m) => m.getOptions) },
  { method: 'set', path: /^\/cluster\/firewall\/options$/, params: OPTION_PARAMS, handler: lazy(fw, (m) => m.setOptions) },
];
