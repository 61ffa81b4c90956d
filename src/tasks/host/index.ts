// Host task kinds for `setup` (the registry adds them by name).
import type { TaskDef } from '../types.js';
import { dcFirewall } from './dc-firewall.js';
import { nfsExports } from './nfs-exports.js';
import { pveStorage } from './pve-storage.js';
import { samba } from './samba.js';
import { hostUser } from './user.js';
import { zfsDataset } from './zfs-dataset.js';
import { zfsPool } from './zfs-pool.js';

export const HOST_TASKS: TaskDef<never>[] = [
  zfsPool, zfsDataset, pveStorage, nfsExports, samba, hostUser, dcFirewall,
];

export { dcFirewall, hostUser, nfsExports, pveStorage, samba, zfsDataset, zfsPool };
export type { HostFacts } from './host-facts.js';
export { emptyHostFacts } from './host-facts.js';
export { hostQuery, type HostQuery } from './query.js';
export { hostRootOf } from './host-root.js';
