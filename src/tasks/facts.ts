// What a check reads: each node's state, gathered once per run (runner/gather-facts.ts) and kept
// current after every act. Pure data; tasks never do I/O to answer a check.
import type { HostFacts } from './host/host-facts.js';

export type GuestType = 'lxc' | 'qemu';

export interface GuestFacts {
  vmid: string;
  type: GuestType;
  /** Proxmox node name the guest lives on. */
  node: string;
  status: string;               // running | stopped | paused
  template: boolean;
  name?: string;
  lock?: string;
  /** Current section of the config file, `key -> value` (raw `lxc.*` lines excluded). */
  config: Record<string, string>;
  /** Raw `lxc.*` lines of the current section, in file order, as `key: value`. */
  rawLxc: string[];
  /** Pending changes (`[pve:pending]` for CTs, `[PENDING]` for VMs): applied at the next start. */
  pending: Record<string, string>;
  /** Keys the pending section deletes (its `delete:` list). */
  pendingDelete?: string[];
  /** Snapshot section names (sorted; never `pve:pending`, `PENDING` or `special:*`). */
  snapshots: string[];
  /** Each snapshot section's keys (e.g. its `tags`: what the guest had when the snapshot was taken). */
  snapshotConfig?: Record<string, Record<string, string>>;
  /** Decoded description (leading `#` lines). */
  description: string;
  /** `<pveRoot>/firewall/<vmid>.fw`, when it exists. */
  firewall?: { options: Record<string, string>; rules: string[] };
}

export interface NodeFacts {
  /** Inventory node name. */
  node: string;
  /** Proxmox node name. */
  pveNode: string;
  guests: Map<string, GuestFacts>;
  /** Guests of the same cluster that live on other nodes (vmid -> Proxmox node name). */
  elsewhere?: Map<string, string>;
  /** Node-side locations, from the inventory (kept out of step params so playbooks stay portable). */
  paths: { pveRoot: string; hostRoot: string; imageDir: string };
  /** File names present in `paths.imageDir` (cloud images), from the state read. */
  images: string[];
  /** Where configs came from: pmxcfs files (one exec) or, when those are unreadable, the CLI. */
  source: 'files' | 'cli';
  /** Guests managed by the HA stack (`<pveRoot>/ha/resources.cfg`: `ct:950`, `vm:1001`), by vmid. */
  haManaged?: string[];
  /** Hypervisor state for `setup` (runner/facts/gather-host.ts); absent when no host step is planned. */
  host?: HostFacts;
}

export function guestOf(facts: NodeFacts, vmid: string): GuestFacts | undefined {
  return facts.guests.get(vmid);
}
