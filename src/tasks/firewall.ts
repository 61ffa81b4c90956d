// Guest firewall, declarative: options `enable`, and the rule list. Changed rules are replaced without a window
// where they are gone: the new list is inserted on top first, then the old rules (now below) are deleted.
import type { FirewallRule } from '../inventory/config-types.js';
import { guestOf } from './facts.js';
import { ruleArgs, ruleFromConfig } from './firewall-rules.js';
import { none, update, type TaskDef } from './types.js';

export interface FirewallParams { vmid: string; pveNode: string; enabled: boolean; rules: FirewallRule[] }

export function firewallTask(kind: 'lxc' | 'vm'): TaskDef<FirewallParams> {
  const label = kind === 'lxc' ? 'CT' : 'VM';
  const base = (p: FirewallParams): string => `/nodes/${p.pveNode}/${kind === 'lxc' ? 'lxc' : 'qemu'}/${p.vmid}/firewall`;
  const diff = (fw: { options: Record<string, string>; rules: string[] } | undefined, p: FirewallParams) => {
    const enable = fw?.options.enable === '1';
    const want = p.rules.map(ruleFromConfig);
    const have = fw?.rules ?? [];
    return { options: enable !== p.enabled, rules: want.length !== have.length || want.some((r, i) => r !== have[i]), have, want };
  };
  return {
    name: `${kind}.firewall`,
    mutates: true,
    title: (p) => `${label} ${p.vmid}: firewall (${p.enabled ? 'on' : 'off'}, ${p.rules.length} rules)`,
    check(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      const d = diff(g.firewall, p);
      if (!d.options && !d.rules) return none();
      const parts: string[] = [];
      if (d.options) parts.push(`enable -> ${p.enabled ? 1 : 0}`);
      if (d.rules) parts.push(`rules: ${d.have.length} -> ${d.want.length}`);
      return update(parts.join('; '), d.rules ? [{ field: 'firewall.rules', from: d.have.join('\n') || null, to: d.want.join('\n') || null }] : undefined);
    },
    async apply(ctx, p) {
      const g = guestOf(ctx.facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist`);
      const d = diff(g.firewall, p);
      if (d.rules) {
        for (const r of [...p.rules].reverse()) await ctx.run(['pvesh', 'create', `${base(p)}/rules`, ...ruleArgs(r), '--pos', '0']);
        for (let pos = p.rules.length + d.have.length - 1; pos >= p.rules.length; pos--) await ctx.run(['pvesh', 'delete', `${base(p)}/rules/${pos}`]);
      }
      if (d.options) await ctx.run(['pvesh', 'set', `${base(p)}/options`, '--enable', p.enabled ? '1' : '0']);
      g.firewall = { options: { ...(g.firewall?.options ?? {}), enable: p.enabled ? '1' : '0' }, rules: d.want };
    },
  };
}
