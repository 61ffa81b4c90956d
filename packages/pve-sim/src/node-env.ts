// A simulated node for whoever runs the executables: the bin directory to put first on PATH and the PVE_SIM_*
// variables that say which node it is.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<package>/bin`: pct, qm, pvesh, pvesm, zfs, zpool, systemctl, exportfs, smbpasswd, pdbedit (this file is dist/src/node-env.js). */
export const binDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin');

export interface SimNode {
  /** State directory of the node (PVE_SIM_DIR). */
  stateDir: string;
  /** Proxmox node name (PVE_SIM_NODE, default `pve`). */
  node?: string;
  /** pmxcfs directory shared by the members of a cluster (PVE_SIM_PVE_DIR; default `<stateDir>/etc/pve`). */
  pveDir?: string;
  /** PVE_SIM_LATENCY_MS. */
  latencyMs?: number;
  /** PVE_SIM_RRD_LAG_S: /cluster/resources as of pvestatd's last tick (0 = live). */
  rrdLagS?: number;
  /** PVE_SIM_PENDING: false commits every change of a running guest at once (default true, as PVE). */
  pending?: boolean;
  /** PVE_SIM_HA_DELAY_S: how long the HA manager takes to start/stop an HA-managed guest. */
  haDelayS?: number;
}

/** The PVE_SIM_* variables of a node (PATH is the caller's to set: `${binDir}:...`). */
export function simEnv(n: SimNode): Record<string, string> {
  return {
    PVE_SIM_DIR: n.stateDir,
    PVE_SIM_NODE: n.node ?? 'pve',
    ...(n.pveDir !== undefined ? { PVE_SIM_PVE_DIR: n.pveDir } : {}),
    ...(n.latencyMs !== undefined ? { PVE_SIM_LATENCY_MS: String(n.latencyMs) } : {}),
    ...(n.rrdLagS !== undefined ? { PVE_SIM_RRD_LAG_S: String(n.rrdLagS) } : {}),
    ...(n.pending !== undefined ? { PVE_SIM_PENDING: n.pending ? '1' : '0' } : {}),
    ...(n.haDelayS !== undefined ? { PVE_SIM_HA_DELAY_S: String(n.haDelayS) } : {}),
  };
}
