// The "exists" half of a create check, for CTs and VMs: present here -> nothing to do; present as the other kind,
// or on another member of the cluster -> refused by name (never created twice, never created over).
import type { GuestType, NodeFacts } from './facts.js';
import { guestOf } from './facts.js';
import { none, type Change } from './types.js';

export function existing(facts: NodeFacts, vmid: string, type: GuestType): Change | undefined {
  const g = guestOf(facts, vmid);
  const want = type === 'lxc' ? 'LXC' : 'VM';
  if (g && g.type !== type) throw new Error(`${vmid} exists as a ${g.type === 'lxc' ? 'CT' : 'VM'} on ${facts.node}, but the configuration says ${want}`);
  if (g) return none('exists');
  const other = facts.elsewhere?.get(vmid);
  if (other) throw new Error(`${vmid} already exists on node '${other}' of the cluster, but the configuration places it on ${facts.pveNode}: move it, or set its node`);
  return undefined;
}
