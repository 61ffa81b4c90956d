// Where each piece of simulated state lives.
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';

export type GuestType = 'lxc' | 'qemu';

export const confDirName = (t: GuestType): string => (t === 'lxc' ? 'lxc' : 'qemu-server');

/** The cluster-wide lock file of the pmxcfs directory (guards every state mutation). */
export const lockPath = (env: SimEnv): string => join(env.pveDir, '.sim', 'lock');
/** Run state: one file per running guest. */
export const runDir = (env: SimEnv): string => join(env.pveDir, '.sim', 'run');
export const nodeDir = (env: SimEnv, node: string): string => join(env.pveDir, 'nodes', node);
/** pmxcfs's `.vmlist` (state/vmlist.ts). */
export const vmlistPath = (env: SimEnv): string => join(env.pveDir, '.vmlist');
/** Requests handed to the simulated HA manager (state/ha.ts). */
export const haQueuePath = (env: SimEnv): string => join(env.pveDir, '.sim', 'ha-queue.json');

export function confPath(env: SimEnv, type: GuestType, vmid: string, node = env.node): string {
  return join(env.pveDir, 'nodes', node, confDirName(type), `${vmid}.conf`);
}

/** The pmxcfs-relative path PVE prints in errors: `nodes/pve/lxc/100.conf`. */
export function cfsPath(env: SimEnv, type: GuestType, vmid: string, node = env.node): string {
  return `nodes/${node}/${confDirName(type)}/${vmid}.conf`;
}

export const storageCfgPath = (env: SimEnv): string => join(env.pveDir, 'storage.cfg');
export const firewallDir = (env: SimEnv): string => join(env.pveDir, 'firewall');

const enc = (volname: string): string => encodeURIComponent(volname);

/** Cluster-wide simulator data in the pmxcfs dir (seen by every member). */
const simShared = (env: SimEnv): string => join(env.pveDir, '.sim');

/**
 * Directory holding a volume's files: node-local under the state dir, or for a storage marked shared under the
 * pmxcfs dir, so every member of the cluster finds it.
 */
export function volumeDir(env: SimEnv, storage: string, volname: string, shared = false): string {
  return join(shared ? join(simShared(env), 'shared-volumes') : join(env.stateDir, 'volumes'), storage, enc(volname));
}

export function volumeSnapDir(env: SimEnv, storage: string, volname: string, snap: string, shared = false): string {
  return join(shared ? join(simShared(env), 'shared-snapshots') : join(env.stateDir, 'snapshots'), storage, enc(volname), snap);
}

/** Sizes/owners of this node's volumes on local storages. */
export const volumeIndexFile = (env: SimEnv): string => join(env.stateDir, 'volumes', 'index.json');
/** Sizes/owners of the volumes on shared storages (one registry for the cluster). */
export const sharedVolumeIndexFile = (env: SimEnv): string => join(simShared(env), 'shared-volumes', 'index.json');
/** Files of a shared file storage (its `template/`, `iso/` ...), the same for every member. */
export const sharedStorageDir = (env: SimEnv, storage: string): string => join(simShared(env), 'shared-fs', storage);
export const zfsStateFile = (env: SimEnv): string => join(env.stateDir, 'zfs.json');
export const faultStateFile = (env: SimEnv): string => join(env.stateDir, 'faults-state.json');
/** Service units this node's `systemctl` was told about (active / enabled, what was done to them). */
export const servicesFile = (env: SimEnv): string => join(env.stateDir, 'services.json');
/** Samba's user database (`smbpasswd -a`, `pdbedit -L`); the real one is `/var/lib/samba/private/passdb.tdb`. */
export const sambaPassdbFile = (env: SimEnv): string => join(env.stateDir, 'samba-passdb.json');
/** The kernel's export table as `exportfs` leaves it (nfs-utils keeps it in `/var/lib/nfs/etab`). */
export const etabPath = (env: SimEnv): string => join(env.hostDir, 'var', 'lib', 'nfs', 'etab');
