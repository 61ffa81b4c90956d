// Run state of guests (running/stopped, agent readiness), kept under the pmxcfs dir so every member of a
// simulated cluster sees it: one small file per running guest (`.sim/run/<vmid>.json`), so starting or
// checking one guest never reads or writes the others'. A guest runs on one node: the others see it as not
// running locally (PVE's check_running looks at local processes only).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { removeTree, writeJson } from '../core/fsx.js';
import { runDir } from './paths.js';

export interface GuestRun {
  status: 'running' | 'stopped' | 'paused';
  /** Epoch ms of the last start. */
  since: number;
  /** VM guest agent answers from this epoch ms on. */
  agentReadyAt?: number;
  /** The node it runs on. */
  node?: string;
}

export interface StatusState { guests: Record<string, GuestRun> }

const runFile = (env: SimEnv, vmid: string): string => join(runDir(env), `${vmid}.json`);

function parse(text: string): GuestRun | undefined {
  try {
    return JSON.parse(text) as GuestRun;
  } catch {
    return undefined; // being replaced right now (writes are atomic, so only a vanished file ends here)
  }
}

/** One guest's run record, wherever it runs (undefined when stopped). */
export function readRun(env: SimEnv, vmid: string): GuestRun | undefined {
  try {
    return parse(readFileSync(runFile(env, vmid), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every running guest of the cluster (for listings: read once, outside any lock). */
export function readStatus(env: SimEnv): StatusState {
  const guests: Record<string, GuestRun> = {};
  let files: string[] = [];
  try { files = readdirSync(runDir(env)); } catch { return { guests }; }
  for (const f of files) {
    const m = /^(\d+)\.json$/.exec(f);
    const run = m ? readRun(env, m[1] as string) : undefined;
    if (m && run) guests[m[1] as string] = run;
  }
  return { guests };
}

/** The guest's run state as this node sees it (stopped when it runs on another node). */
export function runState(env: SimEnv, vmid: string): GuestRun['status'] {
  const g = readRun(env, vmid);
  if (!g || (g.node ?? env.node) !== env.node) return 'stopped';
  return g.status;
}

export const isRunning = (env: SimEnv, vmid: string): boolean => runState(env, vmid) === 'running';

/** Start or stop a guest on `node` (default: this node; the HA manager starts a guest on the node it lives on). */
export function setRunning(env: SimEnv, vmid: string, running: boolean, node = env.node): void {
  if (running) {
    writeJson(runFile(env, vmid), { status: 'running', since: Date.now(), agentReadyAt: Date.now() + env.agentDelayMs, node });
  } else {
    removeTree(runFile(env, vmid));
  }
}

export function uptimeSeconds(env: SimEnv, vmid: string): number {
  const g = readRun(env, vmid);
  return g && g.status === 'running' ? Math.floor((Date.now() - g.since) / 1000) : 0;
}
