// What host facts a node's setup steps need: each host task says what it reads (`hostQuery`), and gather-host.ts
// reads the union of them, in one exec.

export interface HostQuery {
  /** Datasets and the properties to `zfs get` for them. */
  datasets: string[];
  props: string[];
  /** Host files to read (hostRoot-prefixed). */
  files: string[];
  /** Local users to look up under the host root. */
  users: string[];
  /** Paths to stat (hostRoot-prefixed). */
  paths: string[];
  samba: boolean;
  firewall: boolean;
  /** Pools and datasets (`zpool list/status`, `zfs list`, and `zfs get` for `datasets`). */
  zfs: boolean;
  /** PVE storages (`storage.cfg` and `pvesm status`, a Proxmox tool call: ~0.5 s on a real node). */
  storages: boolean;
  /** `storage.cfg` only, a file (no tool call); `pvesm status` only when the file cannot be read. */
  storageConfig: boolean;
  /**
   * Bridges to find: `<root>/sys/class/net/<name>` (what a guest start reads, no tool call); only when one is not
   * there, the node's bridges and SDN vnets from `pvesh get /nodes/<node>/network --type any_bridge` (one call).
   */
  bridges: string[];
  /**
   * OS template volids to find: the file in its storage's vztmpl directory (path from storage.cfg, no tool call);
   * only when it is not there, `pvesm list <storage> --content vztmpl` (one call) says whether the storage has it.
   */
  templates: string[];
}

export const emptyQuery = (): HostQuery => ({ datasets: [], props: [], files: [], users: [], paths: [], samba: false, firewall: false, zfs: false, storages: false, storageConfig: false, bridges: [], templates: [] });

/** The union of what several tasks read; lists keep their first-seen order without duplicates. */
export function mergeQueries(parts: Iterable<Partial<HostQuery>>): HostQuery {
  const q = emptyQuery();
  const add = (list: string[], xs: readonly string[] | undefined): void => { for (const x of xs ?? []) if (!list.includes(x)) list.push(x); };
  for (const p of parts) {
    add(q.datasets, p.datasets);
    add(q.props, p.props);
    add(q.files, p.files);
    add(q.users, p.users);
    add(q.paths, p.paths);
    add(q.templates, p.templates);
    add(q.bridges, p.bridges);
    q.samba ||= p.samba ?? false;
    q.firewall ||= p.firewall ?? false;
    q.zfs ||= p.zfs ?? false;
    q.storages ||= p.storages ?? false;
    q.storageConfig ||= p.storageConfig ?? false;
  }
  return q;
}
