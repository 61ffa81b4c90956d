// The simulator's environment: where its state lives and how it behaves (PVE_SIM_* variables).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SimError } from './errors.js';

export interface SimEnv {
  /** State directory of this simulated node (PVE_SIM_DIR). */
  stateDir: string;
  /** Proxmox node name (PVE_SIM_NODE, default `pve`). */
  node: string;
  /** pmxcfs root, shared by the members of one simulated cluster (PVE_SIM_PVE_DIR). */
  pveDir: string;
  /** Where absolute host paths of this node map to. */
  hostDir: string;
  latencyMs: number;
  faultsFile?: string;
  agentDelayMs: number;
  /** pvestatd's update interval (PVE_SIM_RRD_LAG_S): /cluster/resources shows the state of the last tick; 0 = live. */
  rrdLagS: number;
  /** Hot-plug rules and pending sections on running guests (PVE_SIM_PENDING, default on; `0` applies everything). */
  pending: boolean;
  /** HA start/stop queueing for guests in `<pmxcfs>/ha/resources.cfg` (PVE_SIM_HA, default on; `0` ignores the file). */
  ha: boolean;
  /** How long the HA manager takes to act on a queued request (PVE_SIM_HA_DELAY_S, default 0 = by the next call). */
  haDelayS: number;
  /** Added to the clock of the simulated daemons (PVE_SIM_CLOCK_OFFSET_S): lets tests let time pass. */
  clockOffsetMs: number;
}

/** The clock of the simulated daemons (pvestatd ticks, the HA manager): real time plus PVE_SIM_CLOCK_OFFSET_S. */
export const simNow = (env: SimEnv): number => Date.now() + env.clockOffsetMs;

function flag(v: string | undefined, name: string): boolean {
  if (v === undefined || v === '') return true;
  if (v === '1') return true;
  if (v === '0') return false;
  throw new SimError(`${name}: expected 0 or 1, got '${v}'`, 255);
}

function num(v: string | undefined, name: string): number {
  if (v === undefined || v === '') return 0;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new SimError(`${name}: not a non-negative number: '${v}'`, 255);
  return n;
}

export function readSimEnv(env: NodeJS.ProcessEnv = process.env): SimEnv {
  const dir = env['PVE_SIM_DIR'];
  if (!dir) throw new SimError('PVE_SIM_DIR is not set (the simulator needs a state directory)', 255);
  const stateDir = resolve(dir);
  const pveDir = env['PVE_SIM_PVE_DIR'] ? resolve(env['PVE_SIM_PVE_DIR']) : join(stateDir, 'etc', 'pve');
  const out: SimEnv = {
    stateDir,
    node: env['PVE_SIM_NODE'] || 'pve',
    pveDir,
    hostDir: join(stateDir, 'host'),
    latencyMs: num(env['PVE_SIM_LATENCY_MS'], 'PVE_SIM_LATENCY_MS'),
    agentDelayMs: num(env['PVE_SIM_AGENT_DELAY_MS'], 'PVE_SIM_AGENT_DELAY_MS'),
    rrdLagS: num(env['PVE_SIM_RRD_LAG_S'], 'PVE_SIM_RRD_LAG_S'),
    pending: flag(env['PVE_SIM_PENDING'], 'PVE_SIM_PENDING'),
    ha: flag(env['PVE_SIM_HA'], 'PVE_SIM_HA'),
    haDelayS: num(env['PVE_SIM_HA_DELAY_S'], 'PVE_SIM_HA_DELAY_S'),
    clockOffsetMs: num(env['PVE_SIM_CLOCK_OFFSET_S'], 'PVE_SIM_CLOCK_OFFSET_S') * 1000,
  };
  if (env['PVE_SIM_FAULTS']) out.faultsFile = resolve(env['PVE_SIM_FAULTS']);
  return out;
}

/**
 * Map an absolute path of the simulated node onto the state directory. The node's filesystem is `<state>/host`
 * laid over the machine's own: a path that exists there wins; a path inside the state dir, or one that only
 * exists on the machine (a cloud image or template the user points at), is read where it is.
 */
export function hostPath(env: SimEnv, abs: string): string {
  const mapped = join(env.hostDir, abs);
  if (existsSync(mapped)) return mapped;
  if (abs === env.stateDir || abs.startsWith(`${env.stateDir}/`)) return abs;
  if (existsSync(abs)) return abs;
  return mapped;
}
