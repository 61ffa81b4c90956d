// Guest and datacenter firewall API: rules (create at the top, get/set/delete by position,
// moveto) and options, stored in real `.fw` files (API2/Firewall/Rules.pm semantics).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { die, paramError } from '../core/errors.js';
import { readText, writeAtomic } from '../core/fsx.js';
import { withLock } from '../core/lock.js';
import { firewallDir, lockPath } from '../state/paths.js';
import { parseFw, writeFw, type FwFile, type Rule } from './fw-file.js';
import type { RouteHandler } from './routes.js';

const RULE_KEYS = ['type', 'action', 'enable', 'source', 'dest', 'proto', 'dport', 'sport', 'comment', 'macro', 'iface', 'log', 'icmp-type'];
const NUMERIC_OPTS = new Set(['enable', 'dhcp', 'ipfilter', 'macfilter', 'ndp', 'radv', 'ebtables', 'nosmurfs', 'tcpflags', 'protection_synflood']);

/** The .fw file of a route: guest routes carry node/type/vmid, cluster routes none. */
function fwPath(ctx: Ctx, m: RegExpExecArray): string {
  return m.length >= 4 && /^\d+$/.test(m[3] ?? '') ? join(firewallDir(ctx.env), `${m[3]}.fw`) : join(firewallDir(ctx.env), 'cluster.fw');
}
const posOf = (m: RegExpExecArray): number => Number(m[m.length - 1]);
const load = (path: string): FwFile => parseFw(readText(path) ?? '');

function digestOf(rules: Rule[]): string {
  const sha = createHash('sha1');
  for (const r of rules) for (const k of Object.keys(r).sort()) sha.update(`${k}:${r[k]}\n`);
  return sha.digest('hex');
}

function verify(rule: Rule): void {
  const type = String(rule['type'] ?? '');
  if (type !== 'group' && !rule['macro'] && !/^(ACCEPT|DROP|REJECT)$/.test(String(rule['action']))) {
    paramError('action', `value '${rule['action']}' does not have a value in the enumeration 'ACCEPT, DROP, REJECT'`);
  }
  for (const p of ['dport', 'sport']) {
    if (rule[p] !== undefined && !rule['proto'] && !rule['macro']) paramError(p, `missing property - 'proto' is required with '${p}'`);
  }
}

function copyInto(rule: Rule, opts: Record<string, string>): void {
  for (const k of RULE_KEYS) {
    const v = opts[k];
    if (v === undefined) continue;
    rule[k] = k === 'enable' ? Number(v) : k === 'action' && rule['type'] !== 'group' ? v.toUpperCase() : v;
  }
}

export const listRules: RouteHandler = (ctx, m) => {
  const rules = load(fwPath(ctx, m)).rules;
  const digest = digestOf(rules);
  return rules.map((r, pos) => ({ ...r, pos, digest }));
};

export const getRule: RouteHandler = (ctx, m) => {
  const rules = load(fwPath(ctx, m)).rules;
  const pos = posOf(m);
  const r = rules[pos];
  if (!r) die(`no rule at position ${pos}`);
  return { ...r, pos, digest: digestOf(rules) };
};

export const createRule: RouteHandler = (ctx, m, opts) => withLock(lockPath(ctx.env), () => {
  const path = fwPath(ctx, m);
  const fw = load(path);
  const rule: Rule = {};
  copyInto(rule, opts);
  verify(rule);
  rule['enable'] ??= 0;
  const pos = opts['pos'] !== undefined ? Math.min(Number(opts['pos']), fw.rules.length) : 0;
  fw.rules.splice(pos, 0, rule);
  writeAtomic(path, writeFw(fw));
  return undefined;
});

export const setRule: RouteHandler = (ctx, m, opts) => withLock(lockPath(ctx.env), () => {
  const path = fwPath(ctx, m);
  const fw = load(path);
  if (opts['digest'] && opts['digest'] !== digestOf(fw.rules)) die('detected modified configuration - file changed by other user? Try again.');
  const pos = posOf(m);
  const rule = fw.rules[pos];
  if (!rule) die(`no rule at position ${pos}`);
  const moveto = opts['moveto'];
  if (moveto !== undefined && Number(moveto) !== pos) {
    fw.rules.splice(pos, 1);
    fw.rules.splice(Math.min(Number(moveto) > pos ? Number(moveto) - 1 : Number(moveto), fw.rules.length), 0, rule);
  } else {
    copyInto(rule, opts);
    for (const k of (opts['delete'] ?? '').split(/[,;\s]+/).filter(Boolean)) delete rule[k];
    verify(rule);
  }
  writeAtomic(path, writeFw(fw));
  return undefined;
});

export const deleteRule: RouteHandler = (ctx, m, opts) => withLock(lockPath(ctx.env), () => {
  const path = fwPath(ctx, m);
  const fw = load(path);
  if (opts['digest'] && opts['digest'] !== digestOf(fw.rules)) die('detected modified configuration - file changed by other user? Try again.');
  const pos = posOf(m);
  if (pos >= fw.rules.length) die(`no rule at position ${pos}`);
  fw.rules.splice(pos, 1);
  writeAtomic(path, writeFw(fw));
  return undefined;
});

export const getOptions: RouteHandler = (ctx, m) => {
  const path = fwPath(ctx, m);
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(load(path).options)) out[k] = NUMERIC_OPTS.has(k) && /^\d+$/.test(v) ? Number(v) : v;
  out['digest'] = createHash('sha1').update(readText(path) ?? '').digest('hex');
  return out;
};

export const setOptions: RouteHandler = (ctx, m, opts) => withLock(lockPath(ctx.env), () => {
  const path = fwPath(ctx, m);
  const fw = load(path);
  for (const [k, v] of Object.entries(opts)) if (k !== 'delete' && k !== 'digest') fw.options[k] = v;
  for (const k of (opts['delete'] ?? '').split(/[,;\s]+/).filter(Boolean)) delete fw.options[k];
  writeAtomic(path, writeFw(fw));
  return undefined;
});
