// Guest firewall, declarative: options `enable`, and the rule list. Changed rules are replaced without a window
// where they are gone: the new list is inserted on top first, then the old rules (now below) are deleted.
import { guestOf } from './facts.js';
import { ruleArgs, ruleFromConfig, rulesSchema, type GuestFirewallFacts, type GuestFwRule } from './firewall-rules.js';
import type { GuestKind } from './guest-exec.js';
import { bool, obj, str, vmidSchema } from './schema.js';
import { act, cmd, noop, update, type Command, type TaskDef } from './types.js';

export interface FirewallParams { vmid: string; pveNode: string; enabled: boolean; rules: GuestFwRule[] }

function diff(fw: GuestFirewallFacts | undefined, p: FirewallParams) {
  const enable = fw?.options.enable === '1';
  const want = p.rules.map(ruleFromConfig);
  const have = fw?.rules ?? [];
  return { options: enable !== p.enabled, rules: want.length !== have.length || want.some((r, i) => r !== have[i]), have, want };
}

export function firewallTask<K extends GuestKind>(k: K): TaskDef<FirewallParams, `${K}.firewall`> {
  const label = k === 'lxc' ? 'CT' : 'VM';
  const base = (p: FirewallParams): string => `/nodes/${p.pveNode}/${k === 'lxc' ? 'lxc' : 'qemu'}/${p.vmid}/firewall`;
  return {
    name: `${k}.firewall`,
    schema: obj({ vmid: vmidSchema, pveNode: str({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }), enabled: bool(), rules: rulesSchema }),
    mutates: true,
    reconfigure: true,
    owned: true,
    reread: 'guest',
    guests: (p) => [p.vmid],
    title: (p) => `${label} ${p.vmid}: firewall (${p.enabled ? 'on' : 'off'}, ${p.rules.length} rules)`,
    plan(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      const d = diff(g.firewall, p);
      if (!d.options && !d.rules) return noop();
      const parts: string[] = [];
      if (d.options) parts.push(`enable -> ${p.enabled ? 1 : 0}`);
      if (d.rules) parts.push(`rules: ${d.have.length} -> ${d.want.length}`);
      const commands: Command[] = [];
      if (d.rules) {
        // POST …/firewall/rules puts the new rule first (pve-firewall src/PVE/API2/Firewall/Rules.pm `create_rule`:
        // `unshift @$rules`), so the wanted list is created last rule first; DELETE …/rules/{pos} splices that
        // position (`delete_rule`), so the old rules, now below the new ones, go from the bottom up
        for (const r of [...p.rules].reverse()) commands.push(cmd(['pvesh', 'create', `${base(p)}/rules`, ...ruleArgs(r), '--pos', '0']));
        for (let pos = p.rules.length + d.have.length - 1; pos >= p.rules.length; pos--) commands.push(cmd(['pvesh', 'delete', `${base(p)}/rules/${pos}`]));
      }
      if (d.options) commands.push(cmd(['pvesh', 'set', `${base(p)}/options`, '--enable', p.enabled ? '1' : '0']));
      return act(update(parts.join('; '), d.rules ? [{ field: 'firewall.rules', from: d.have.join('\n') || null, to: d.want.join('\n') || null }] : undefined), ...commands);
    },
  };
}
