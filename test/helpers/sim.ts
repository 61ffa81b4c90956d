// Test helper: the simulator package (@phoenix/pve-sim) as tests use it — throw-away state dirs, its bin
// directory, and inventory entries for a simulated node: an ordinary `connection: local` node whose PATH puts
// the simulator's tools first and whose environment names its state. Other rooms' tests use it; keep it stable.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binDir, simEnv } from '@phoenix/pve-sim';
import type { NodeSpec } from '../../src/inventory/model.js';

export { makeSimState, readAudit, type AuditEntry, type MakeSimOpts, type SimResult, type SimRunOpts, type SimState } from '@phoenix/pve-sim';

/** Repository root (this file runs as dist/test/helpers/sim.js). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Directory of the simulator executables (pct, qm, pvesh, pvesm, zfs, zpool, systemctl, exportfs, smbpasswd, pdbedit). */
export const simBinDir = binDir;

export interface SimNodeOpts {
  /** PVE_SIM_NODE (default pve). */
  node?: string;
  /** A cluster's shared pmxcfs dir (PVE_SIM_PVE_DIR); the node's pveRoot. Default `<stateDir>/etc/pve`. */
  pveDir?: string;
  /** PVE_SIM_LATENCY_MS. */
  latencyMs?: number;
}

/**
 * The PVE_SIM_* environment of a node whose state is `stateDir`; with the test run's warm worker pool
 * (PVE_SIM_SOCKET, started by run-parallel.ts) also for sessions that do not inherit this process's environment
 * (an sshd's).
 */
export const simNodeEnv = (stateDir: string, o: SimNodeOpts = {}): Record<string, string> => ({
  ...(process.env['PVE_SIM_SOCKET'] ? { PVE_SIM_SOCKET: process.env['PVE_SIM_SOCKET'] } : {}),
  ...simEnv({ stateDir, node: o.node ?? 'pve', ...(o.pveDir !== undefined ? { pveDir: o.pveDir } : {}), ...(o.latencyMs !== undefined ? { latencyMs: o.latencyMs } : {}) }),
});

/**
 * The inventory entry (as written in a phoenix config) of a simulated node with its state in `stateDir`. A relative
 * `stateDir` is relative to the config file's directory: Phoenix resolves pveRoot/hostRoot from there and runs a
 * local node's commands there, so the simulator finds PVE_SIM_DIR from there too.
 */
export function simNodeConfig(stateDir: string, o: SimNodeOpts = {}): Record<string, unknown> {
  return {
    connection: 'local',
    path: [simBinDir],
    env: simNodeEnv(stateDir, o),
    pveRoot: o.pveDir ?? join(stateDir, 'etc', 'pve'),
    hostRoot: join(stateDir, 'host'),
    // the node-side run lock lives with the node (simulated nodes of parallel tests share this machine's /run/lock)
    lockFile: join(stateDir, 'node.lock'),
  };
}

/** The same node as a resolved NodeSpec (for tests that connect in-process); `stateDir` should be absolute. */
export function simNodeSpec(name: string, stateDir: string, o: SimNodeOpts & { extra?: Partial<NodeSpec> } = {}): NodeSpec {
  return {
    name, connection: 'local', path: [simBinDir], env: simNodeEnv(stateDir, { node: name, ...o }),
    pveRoot: o.pveDir ?? join(stateDir, 'etc', 'pve'), hostRoot: join(stateDir, 'host'),
    imageDir: '/var/lib/vz/template/iso', pveNode: o.node ?? name, sharedStorages: [], lockFile: join(stateDir, 'node.lock'), ...o.extra,
  };
}
