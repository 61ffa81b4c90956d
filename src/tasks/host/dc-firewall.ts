// host.dc-firewall: datacenter firewall options and rules, declaratively, through pvesh. Only the hypervisor
// config's global rules belong here (the original also flattened every guest's rules into cluster.fw).
import { none, update, type TaskDef } from '../types.js';
import { hostOf, type FirewallFacts } from './host-facts.js';
import { createArgs, parseFwOptions, parseFwRules, planRules, type RuleOp, type WantedRule } from './fw-rules.js';

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

async function readCurrent(run: (argv: string[]) => Promise<string>): Promise<FirewallFacts> {
  const [options, rules] = [await run(['pvesh', 'get', OPTIONS, '--output-format', 'json']), await run(['pvesh', 'get', RULES, '--output-format', 'json'])];
  return { options: parseFwOptions(options), rules: parseFwRules(rules) };
}

export const dcFirewall: TaskDef<DcFirewallParams> = {
  name: 'host.dc-firewall',
  mutates: true,
  title: (p) => `datacenter firewall (${p.enable ? 'enabled' : 'disabled'}, ${p.rules.length} rules)`,
  check(facts, p) {
    const fw = hostOf(facts).firewall;
    if (!fw) throw new Error(`datacenter firewall state of ${facts.node} is unknown (pvesh missing or not gathered)`);
    const ops = planRules(fw.rules, p.rules);
    const opts = optionDiff(fw.options, p);
    if (!ops.length && !opts.length) return none();
    return update(describe(ops, opts), opts.map(([field, to, from]) => ({ field, from, to })));
  },
  async apply(ctx, p) {
    const host = hostOf(ctx.facts);
    // the datacenter firewall is cluster-wide: another node's step may have converged it since the facts were read
    const fw = await readCurrent((argv) => ctx.run(argv));
    host.firewall = fw;
    const ops = planRules(fw.rules, p.rules);
    for (const o of ops) {
      if (o.op === 'create') {
        await ctx.run(['pvesh', 'create', RULES, ...createArgs(o.rule)]);
        if (o.moveto !== undefined) await ctx.run(['pvesh', 'set', `${RULES}/0`, '--moveto', String(o.moveto)]);
      } else {
        await ctx.run(['pvesh', 'delete', `${RULES}/${o.pos}`]);
      }
    }
    if (ops.length) fw.rules = p.rules.map((r, pos) => ({ ...r, pos }));
    const opts = optionDiff(fw.options, p);
    if (opts.length) {
      await ctx.run(['pvesh', 'set', OPTIONS, ...opts.flatMap(([k, v]) => [`--${k}`, v])]);
      for (const [k, v] of opts) fw.options[k] = v;
    }
    if (!ops.length && !opts.length) ctx.log('datacenter firewall already converged (by another node?)');
  },
};
