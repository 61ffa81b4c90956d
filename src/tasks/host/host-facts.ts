// What the hypervisor looks like, for `setup`: gathered in the node's one state read by runner/facts/gather-host.ts
// (the union of the planned steps' `hostQuery`), and re-gathered for a step's query after it acts. Pure data.
import type { NodeFacts } from '../facts.js';

/** A top-level data vdev: `mirror`, `raidz1`…`raidz3`, `draid…`, or `disk` (a plain striped device). */
export interface Vdev { type: string; disks: string[] }

export interface PoolFacts {
  health: string;
  /** Data vdevs from `zpool status -P` (log/cache/spare vdevs excluded); empty when the status was unreadable. */
  vdevs: Vdev[];
}

export interface ZfsProp { value: string; source: string }
export interface DatasetFacts { mountpoint: string; props: Record<string, ZfsProp> }

/** One storage of `storage.cfg` (+ `pvesm status`): type, its `key value` lines, active/inactive/disabled. */
export interface StorageFacts { type: string; props: Record<string, string>; status?: string }

export interface UserFacts {
  uid: number;
  gid: number;
  home: string;
  shell: string;
  /** Supplementary groups listing the user (from `<root>/etc/group`). */
  groups: string[];
  /** Second field of `<root>/etc/shadow` ('' when unreadable). */
  passwordHash: string;
  /** `<root><home>/.ssh/authorized_keys`, null when absent. */
  authorizedKeys: string | null;
}

export interface PathFacts { type: 'directory' | 'file' | 'other'; uid: number; gid: number; mode: string }

/** A datacenter firewall rule as `pvesh get /cluster/firewall/rules` lists it. */
export interface FwRule {
  pos: number;
  type: string;
  action: string;
  enable: boolean;
  macro?: string;
  proto?: string;
  dport?: string;
  sport?: string;
  source?: string;
  dest?: string;
  iface?: string;
  comment?: string;
}

export interface FirewallFacts { options: Record<string, string>; rules: FwRule[] }

export interface HostFacts {
  /** `zpool`/`zfs` found on the node. */
  zfs: boolean;
  pools: Record<string, PoolFacts>;
  datasets: Record<string, DatasetFacts>;
  storages: Record<string, StorageFacts>;
  /** Host files by (hostRoot-prefixed) path; null = absent. A path not listed was not gathered. */
  files: Record<string, string | null>;
  /** Local users by name; null = absent. A name not listed was not gathered. */
  users: Record<string, UserFacts | null>;
  /** Samba users (`pdbedit -L`); null when unknown (no samba tools). */
  sambaUsers: string[] | null;
  /** `stat` of (hostRoot-prefixed) paths; null = absent. */
  paths: Record<string, PathFacts | null>;
  /** Datacenter firewall; null when not gathered or pvesh is missing. */
  firewall: FirewallFacts | null;
  /** Service tools found on the node (`exportfs`, `smbpasswd`, `pdbedit`); absent = not checked. */
  tools?: string[];
  /** The bridges asked for (query.ts `bridges`): there, not there, or null when neither sysfs nor the API could say. */
  bridges?: Record<string, boolean | null>;
  /** The OS template volids asked for (query.ts `templates`): there, not there, or null when that is unknown. */
  templates?: Record<string, boolean | null>;
}

export const emptyHostFacts = (): HostFacts => ({
  zfs: false, pools: {}, datasets: {}, storages: {}, files: {}, users: {}, sambaUsers: null, paths: {}, firewall: null,
});

/** The node's host facts; a host step whose facts were not gathered is a wiring error, said plainly. */
export function hostOf(facts: NodeFacts): HostFacts {
  if (!facts.host) throw new Error(`host facts of ${facts.node} were not gathered (runner: call gatherHostFacts for setup plans)`);
  return facts.host;
}

export function gathered<T>(map: Record<string, T>, key: string, what: string, node: string): T {
  if (!(key in map)) throw new Error(`${what} '${key}' was not gathered on ${node} (missing from the host facts query)`);
  return map[key] as T;
}
