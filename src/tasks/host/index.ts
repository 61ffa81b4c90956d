// Host task kinds for `setup` (the registry lists them by name).
export { dcFirewall } from './dc-firewall.js';
export { nfsExports } from './nfs-exports.js';
export { pveStorage } from './pve-storage.js';
export { samba } from './samba.js';
export { hostUser } from './user.js';
export { zfsDataset } from './zfs-dataset.js';
export { zfsPool } from './zfs-pool.js';
export type { HostFacts } from './host-facts.js';
export { emptyHostFacts } from './host-facts.js';
export { emptyQuery, mergeQueries, type HostQuery } from './query.js';
export { hostRootOf } from './host-root.js';
