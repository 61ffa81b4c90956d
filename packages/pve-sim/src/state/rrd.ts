// pvestatd's view of the guests: what /cluster/resources reports for status, name, template, uptime and the
// numbers. pve-manager PVE/Service/pvestatd.pm (update_lxc_status / update_qemu_status, `$updatetime = 10`)
// broadcasts every guest's vmstatus into the RRD cache once per cycle; PVE/API2Tools.pm extract_vm_stats reads
// it back and says `status => 'unknown'` (no name, no template) for a guest without data yet.
// PVE_SIM_RRD_LAG_S=N makes the simulator keep that cache: a snapshot of every guest, taken at ticks N seconds
// apart (the first one when the first call of the node sees no cache). The snapshot is taken lazily, by the first
// call after a tick (core/daemons.ts, before that call changes anything), so it shows the state at the tick.
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { simNow } from '../core/env.js';
import { readJson, readText, writeAtomic, writeJson } from '../core/fsx.js';
import { listGuests, loadConf } from './guests.js';
import { readStatus } from './status.js';
import { vmStatus } from './vmstatus.js';

export type RrdEntry = Record<string, string | number>;
export interface RrdCache { tick: number; guests: Record<string, RrdEntry> }

const cachePath = (env: SimEnv): string => join(env.pveDir, '.sim', 'rrd.json');
const tickPath = (env: SimEnv): string => join(env.pveDir, '.sim', 'rrd-tick');

/** Epoch ms of the last tick, read without the lock. */
export function lastTick(env: SimEnv): number | undefined {
  const t = readText(tickPath(env));
  const n = t === undefined ? NaN : Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The tick a cache taken at `tick` has reached by `now` (undefined: none yet, the first tick is now). */
export function currentTick(tick: number | undefined, now: number, lagS: number): number {
  if (tick === undefined || now < tick) return now;
  const n = lagS * 1000;
  return tick + Math.floor((now - tick) / n) * n;
}

/** The fields pvestatd broadcasts for one guest (`$generate_rrd_string` in update_lxc_status / update_qemu_status). */
function rrdEntry(st: RrdEntry, type: string): RrdEntry {
  const e: RrdEntry = {
    uptime: st['uptime'] ?? 0, name: st['name'] ?? '', status: st['status'] ?? 'stopped', template: st['template'] === 1 ? 1 : 0,
    maxcpu: st['cpus'] ?? 0, cpu: st['cpu'] ?? 0, maxmem: st['maxmem'] ?? 0, mem: st['mem'] ?? 0, maxdisk: st['maxdisk'] ?? 0,
    disk: st['disk'] ?? 0, netin: st['netin'] ?? 0, netout: st['netout'] ?? 0, diskread: st['diskread'] ?? 0,
    diskwrite: st['diskwrite'] ?? 0,
  };
  if (type === 'qemu') e['memhost'] = st['mem'] ?? 0;
  return e;
}

/** Take the snapshot of every guest of the cluster, as of now (the caller holds the cluster lock). */
export function takeSnapshot(env: SimEnv, tick: number): void {
  const status = readStatus(env);
  const guests: Record<string, RrdEntry> = {};
  for (const g of listGuests(env)) {
    const conf = loadConf(env, g.type, g.vmid, g.node);
    if (conf) guests[g.vmid] = rrdEntry(vmStatus(env, g, conf, status), g.type);
  }
  writeJson(cachePath(env), { tick, guests } satisfies RrdCache);
  writeAtomic(tickPath(env), String(tick));
}

/** Is a new snapshot due (no cache yet, or a tick passed since the last one)? */
export function snapshotDue(env: SimEnv): boolean {
  const tick = lastTick(env);
  return tick === undefined || currentTick(tick, simNow(env), env.rrdLagS) !== tick;
}

export function readRrd(env: SimEnv): RrdCache {
  return readJson<RrdCache>(cachePath(env), { tick: 0, guests: {} });
}
