// Run state of guests (running/stopped, agent readiness), kept under the pmxcfs dir so every
// member of a simulated cluster sees it. A guest runs on one node: the others see it as not running
// locally (PVE's check_running looks at local processes only).
import type { SimEnv } from '../core/env.js';
import { readJson, writeJson } from '../core/fsx.js';
import { statusFile } from './paths.js';

export interface GuestRun {
  status: 'running' | 'stopped' | 'paused';
  /** Epoch ms of the last start. */
  since: number;
  /** VM guest agent answers from this epoch ms on. */
  agentReadyAt?: number;
  /** The node it runs on (absent in state written before clusters: the node asking). */
  node?: string;
}

export interface StatusState { guests: Record<string, GuestRun> }

export function readStatus(env: SimEnv): StatusState {
  return readJson<StatusState>(statusFile(env), { guests: {} });
}

export function writeStatus(env: SimEnv, s: StatusState): void {
  writeJson(statusFile(env), s);
}

/** The guest's run state as this node sees it (stopped when it runs on another node). */
export function runState(env: SimEnv, vmid: string): GuestRun['status'] {
  const g = readStatus(env).guests[vmid];
  if (!g || (g.node ?? env.node) !== env.node) return 'stopped';
  return g.status;
}

export const isRunning = (env: SimEnv, vmid: string): boolean => runState(env, vmid) === 'running';

export function setRunning(env: SimEnv, vmid: string, running: boolean): void {
  const s = readStatus(env);
  if (running) {
    s.guests[vmid] = { status: 'running', since: Date.now(), agentReadyAt: Date.now() + env.agentDelayMs, node: env.node };
  } else {
    delete s.guests[vmid];
  }
  writeStatus(env, s);
}

export function uptimeSeconds(env: SimEnv, vmid: string): number {
  const g = readStatus(env).guests[vmid];
  return g && g.status === 'running' ? Math.floor((Date.now() - g.since) / 1000) : 0;
}
