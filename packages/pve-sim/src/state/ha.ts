// The HA stack as far as the CLI meets it: `<pmxcfs>/ha/resources.cfg` (pve-ha-manager src/PVE/HA/Config.pm,
// a SectionConfig: `ct: 950` / `vm: 1001` headers, indented `key value` lines, PVE/HA/Resources.pm
// parse_section_header) and the requests `pct start` / `qm start` / stop / shutdown hand to it instead of acting
// (API2/LXC/Status.pm, API2/Qemu.pm: `ha-manager set ct:950 --state started`, `ha-manager crm-command stop ...`).
// The simulated HA manager carries out a request PVE_SIM_HA_DELAY_S after it was made, on the first simulator
// call from then on (core/daemons.ts). PVE_SIM_HA=0 ignores resources.cfg.
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { readJson, readText, removeTree, writeAtomic, writeJson } from '../core/fsx.js';
import { simNow } from '../core/env.js';
import { haQueuePath } from './paths.js';

export interface HaResource {
  /** `ct:950`, `vm:1001`. */
  sid: string;
  vmid: string;
  props: Record<string, string>;
}

export type HaAction = 'start' | 'stop';
/** A queued request; `node`: where the guest lives (that node's LRM carries it out). */
export interface HaRequest { vmid: string; node: string; action: HaAction; due: number }

export const haResourcesPath = (env: SimEnv): string => join(env.pveDir, 'ha', 'resources.cfg');

/** PVE::SectionConfig::parse_config for resources.cfg: headers `type: name`, then `\tkey value` until a blank line. */
export function parseHaResources(text: string): HaResource[] {
  const out: HaResource[] = [];
  let cur: HaResource | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') { cur = undefined; continue; }
    if (line.startsWith('#')) continue;
    const head = /^(\S+):\s*(\S+)\s*$/.exec(line);
    if (head && !/^\s/.test(line)) {
      const type = (head[1] as string).toLowerCase();
      const name = head[2] as string;
      cur = type === 'ct' || type === 'vm' ? { sid: `${type}:${name}`, vmid: name, props: {} } : undefined;
      if (cur) out.push(cur);
      continue;
    }
    const prop = /^\s+(\S+)(?:\s+(.*\S))?\s*$/.exec(line);
    if (prop && cur) cur.props[prop[1] as string] = prop[2] ?? '';
  }
  return out;
}

export function readHaResources(env: SimEnv): HaResource[] {
  if (!env.ha) return [];
  const text = readText(haResourcesPath(env));
  return text === undefined ? [] : parseHaResources(text);
}

/**
 * PVE::HA::Config::vm_is_ha_managed: listed as `vm:ID` or `ct:ID` and not `state ignored` (an ignored resource
 * behaves as if it were not managed).
 */
export function haResource(env: SimEnv, vmid: string): HaResource | undefined {
  const r = readHaResources(env).find((x) => x.vmid === vmid);
  return r && r.props['state'] !== 'ignored' ? r : undefined;
}

/** The requested state (`enabled` is an alias of `started`, the default). */
export const haState = (r: HaResource): string => (r.props['state'] === undefined || r.props['state'] === 'enabled' ? 'started' : r.props['state']);

/** `ha-manager set <sid> --state <state>`: rewrite the resource's state line. */
function writeHaState(env: SimEnv, sid: string, state: string): void {
  const text = readText(haResourcesPath(env));
  if (text === undefined) return;
  const lines = text.split('\n');
  const head = lines.findIndex((l) => {
    const m = /^(\S+):\s*(\S+)\s*$/.exec(l);
    return !!m && `${(m[1] as string).toLowerCase()}:${m[2]}` === sid;
  });
  if (head < 0) return;
  let end = head + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end] as string)) end++;
  const at = lines.slice(head + 1, end).findIndex((l) => /^\s+state(\s|$)/.test(l));
  if (at >= 0) lines[head + 1 + at] = `\tstate ${state}`; else lines.splice(head + 1, 0, `\tstate ${state}`);
  writeAtomic(haResourcesPath(env), lines.join('\n'));
}

/** Hand a start/stop to the HA manager (under the cluster lock): the requested state, and when it acts. */
export function requestHa(env: SimEnv, r: HaResource, action: HaAction, node: string): void {
  // `ha-manager set ct:950 --state started`; `crm-command stop` makes the CRM request `stopped`
  writeHaState(env, r.sid, action === 'start' ? 'started' : 'stopped');
  const queue = readJson<HaRequest[]>(haQueuePath(env), []).filter((q) => q.vmid !== r.vmid);
  queue.push({ vmid: r.vmid, node, action, due: simNow(env) + env.haDelayS * 1000 });
  writeJson(haQueuePath(env), queue);
}

const mine = (env: SimEnv, now: number) => (q: HaRequest): boolean => q.node === env.node && q.due <= now;

/** This node's requests that are due now (the caller holds the lock and acts on them); the rest stays queued. */
export function takeDueHaRequests(env: SimEnv): HaRequest[] {
  const queue = readJson<HaRequest[]>(haQueuePath(env), []);
  const due = queue.filter(mine(env, simNow(env)));
  if (!due.length) return [];
  const rest = queue.filter((q) => !due.includes(q));
  // an empty queue goes, so that later calls skip the HA manager with one file test
  if (rest.length) writeJson(haQueuePath(env), rest); else removeTree(haQueuePath(env));
  return due;
}

/** Is a request for this node due? Read without the lock (no queue file: nothing was ever queued). */
export function haRequestDue(env: SimEnv): boolean {
  const text = readText(haQueuePath(env));
  if (!text) return false;
  try {
    return (JSON.parse(text) as HaRequest[]).some(mine(env, simNow(env)));
  } catch {
    return false; // being replaced right now
  }
}

