// host.dc-firewall: datacenter firewall options and rules, declaratively, through pvesh. Only the hypervisor
// config's global rules belong here (the original also flattened every guest's rules into cluster.fw).
import { arr, bool, obj, str } from '../schema.js';
import { act, cmd, noop, update, type Command, type TaskDef } from '../types.js';
import { hostOf } from './host-facts.js';
import { createArgs, planRules, type RuleOp, type WantedRule } from './fw-rules.js';

export interface DcFirewallParams {
  enable: boolean;
  policyIn: string;
  policyOut: string;
  rules: WantedRule[];
}

const RULES = '/cluster/firewall/rules';
const OPTIONS = '/cluster/firewall/options';
const DEFAULTS: Record<string, string> = { enable: '0', policy_in: 'DROP', policy_out: 'ACCEPT' };

export function optionDiff(have: Record<string, string>, p: DcFirewallParams): [string, string, string][] {
  const want: Record<string, string> = { enable: p.enable ? '1' : '0', policy_in: p.policyIn, policy_out: p.policyOut };
  return Object.entries(want)
    .map(([k, v]): [string, string, string] => [k, v, have[k] ?? DEFAULTS[k] ?? ''])
    .filter(([, v, cur]) => v !== cur);
}

function describe(ops: RuleOp[], opts: [string, string, string][]): string {
  const adds = ops.filter((o) => o.op === 'create').length;
  const dels = ops.filter((o) => o.op === 'delete').length;
  return [
    ...(adds ? [`add ${adds} rule${adds === 1 ? '' : 's'}`] : []),
    ...(dels ? [`delete ${dels} stale rule${dels === 1 ? '' : 's'}`] : []),
    ...opts.map(([k, v, cur]) => `${k} ${cur} -> ${v}`),
  ].join('; ');
}

/** The pvesh calls of the rule edits, in order (a create lands at position 0, then moves into place). */
function ruleCommands(ops: readonly RuleOp[]): Command[] {
  return ops.flatMap((o) => o.op === 'create'
    ? [cmd(['pvesh', 'create', RULES, ...createArgs(o.rule)]), ...(o.moveto !== undefined ? [cmd(['pvesh', 'set', `${RULES}/0`, '--moveto', String(o.moveto)])] : [])]
    : [cmd(['pvesh', 'delete', `${RULES}/${o.pos}`])]);
}

const policy = { enum: ['ACCEPT', 'DROP', 'REJECT'] };
const line = str({ pattern: '^[^\\r\\n\\x00]*$' });
// the hypervisor config's firewallRule patterns (PVE: pve-firewall PVE/Firewall.pm `$rule_properties`)
const ruleSchema = obj({
  type: { enum: ['in', 'out', 'forward', 'group'] },
  action: str({ pattern: '^[A-Za-z][A-Za-z0-9_-]*$' }),
  enable: bool(),
  macro: str({ pattern: '^[A-Za-z0-9_-]+$' }),
  proto: str({ pattern: '^[A-Za-z0-9-]+$' }),
  dport: str({ pattern: '^[0-9]{1,5}([:-][0-9]{1,5})?(,[0-9]{1,5}([:-][0-9]{1,5})?)*$' }),
  sport: str({ pattern: '^[0-9]{1,5}([:-][0-9]{1,5})?(,[0-9]{1,5}([:-][0-9]{1,5})?)*$' }),
  source: str({ pattern: '^[A-Za-z0-9+][A-Za-z0-9.:/,+_-]*$' }),
  dest: str({ pattern: '^[A-Za-z0-9+][A-Za-z0-9.:/,+_-]*$' }),
  iface: str({ pattern: '^[A-Za-z0-9_.-]+$' }),
  comment: line,
}, ['type', 'action', 'enable']);

export const dcFirewall: TaskDef<DcFirewallParams, 'host.dc-firewall'> = {
  name: 'host.dc-firewall',
  schema: obj({ enable: bool(), policyIn: policy, policyOut: policy, rules: arr(ruleSchema) }),
  mutates: true,
  reconfigure: false,
  owned: false,
  reread: 'host',
  guests: () => [],
  hostQuery: () => ({ firewall: true }),
  title: (p) => `datacenter firewall (${p.enable ? 'enabled' : 'disabled'}, ${p.rules.length} rules)`,
  plan(facts, p) {
    const fw = hostOf(facts).firewall;
    if (!fw) throw new Error(`datacenter firewall state of ${facts.node} is unknown (pvesh missing or not gathered)`);
    const ops = planRules(fw.rules, p.rules);
    const opts = optionDiff(fw.options, p);
    if (!ops.length && !opts.length) return noop();
    // rules first, then the options: a firewall being enabled already has its ACCEPT rules
    return act(
      update(describe(ops, opts), opts.map(([field, to, from]) => ({ field, from, to }))),
      ...ruleCommands(ops),
      ...(opts.length ? [cmd(['pvesh', 'set', OPTIONS, ...opts.flatMap(([k, v]) => [`--${k}`, v])])] : []),
    );
  },
};
