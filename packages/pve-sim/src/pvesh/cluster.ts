// GET /cluster/resources, /cluster/nextid, /cluster/status, /nodes.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import type { SimEnv } from '../core/env.js';
import { paramError } from '../core/errors.js';
import { findGuest, listGuests, loadConf, nextId } from '../state/guests.js';
import { enabledOn, isShared, readStorages } from '../state/storage-cfg.js';
import { readStatus } from '../state/status.js';
import { readIndex } from '../state/volumes.js';
import { storageUsage } from '../state/storage-usage.js';
import { vmStatus } from '../state/vmstatus.js';
import { clusterNodes } from '../state/nodes.js';
import { haState, readHaResources } from '../state/ha.js';
import { readRrd } from '../state/rrd.js';

type Obj = Record<string, unknown>;
const GiB = 1024 ** 3;

export { clusterNodes };

function nodeEntry(env: SimEnv, node: string): Obj {
  let uptime = 0;
  try { uptime = Math.floor((Date.now() - statSync(join(env.pveDir, 'nodes', node)).ctimeMs) / 1000); } catch { /* none */ }
  return {
    id: `node/${node}`, node, type: 'node', status: 'online', level: '', uptime, cpu: 0.01, maxcpu: 8,
    mem: 4 * GiB, maxmem: 32 * GiB, disk: 10 * GiB, maxdisk: 100 * GiB, 'cgroup-mode': 2,
  };
}

/** The numbers and states of a guest as vmstatus reports them now (what pvestatd would broadcast). */
function liveStats(st: Record<string, string | number>, type: string): Obj {
  const e: Obj = {
    status: st['status'], name: st['name'], template: st['template'] === 1 ? 1 : 0, uptime: st['uptime'], maxcpu: st['cpus'],
    cpu: st['cpu'], maxmem: st['maxmem'], mem: st['mem'], maxdisk: st['maxdisk'], disk: st['disk'], netin: st['netin'],
    netout: st['netout'], diskread: st['diskread'], diskwrite: st['diskwrite'],
  };
  if (type === 'qemu') e['memhost'] = st['mem'];
  return e;
}

/**
 * pve-manager PVE/API2/Cluster.pm `resources`, type vm: one entry per guest of the vmlist; status, name, template
 * and the numbers from pvestatd's RRD cache (PVE/API2Tools.pm extract_vm_stats: only `status: unknown` while the
 * cache has nothing for the guest); `lock` and `tags` live from the config (get_guest_config_properties); `hastate`
 * from the HA resources (read_resources_config). Without PVE_SIM_RRD_LAG_S the cache is always current.
 */
function vmEntries(env: SimEnv): Obj[] {
  const out: Obj[] = [];
  const status = readStatus(env);
  const rrd = env.rrdLagS > 0 ? readRrd(env).guests : undefined;
  const ha = new Map(readHaResources(env).map((r) => [r.sid, r]));
  for (const g of listGuests(env)) {
    const conf = loadConf(env, g.type, g.vmid, g.node);
    if (!conf) continue;
    const st = vmStatus(env, g, conf, status);
    const e: Obj = { id: `${g.type}/${g.vmid}`, vmid: Number(g.vmid), node: g.node, type: g.type, status: 'unknown' };
    const stats = rrd ? rrd[g.vmid] : liveStats(st, g.type);
    if (stats) Object.assign(e, stats);
    if (st['lock'] !== undefined) e['lock'] = st['lock'];
    if (st['tags'] !== undefined) e['tags'] = st['tags'];
    const res = ha.get(`${g.type === 'lxc' ? 'ct' : 'vm'}:${g.vmid}`);
    if (res) e['hastate'] = haState(res);
    out.push(e);
  }
  return out;
}

function storageEntries(env: SimEnv): Obj[] {
  const out: Obj[] = [];
  const storages = readStorages(env);
  const index = readIndex(env);
  for (const node of clusterNodes(env)) {
    for (const s of storages) {
      if (!enabledOn(s, node)) continue;
      const u = storageUsage(env, s, index);
      out.push({
        id: `storage/${node}/${s.id}`, storage: s.id, node, type: 'storage', plugintype: s.type, status: 'available',
        shared: isShared(s) ? 1 : 0,
        content: (s.props['content'] ?? '').split(',').filter(Boolean).sort().join(','), disk: u.used, maxdisk: u.total,
      });
    }
  }
  return out;
}

export function resources(ctx: Ctx, _m: RegExpExecArray, opts: Record<string, string>): Obj[] {
  const t = opts['type'];
  const out: Obj[] = [];
  if (!t || t === 'vm') out.push(...vmEntries(ctx.env));
  if (!t || t === 'node') out.push(...clusterNodes(ctx.env).map((n) => nodeEntry(ctx.env, n)));
  if (!t || t === 'storage') out.push(...storageEntries(ctx.env));
  return out;
}

export function nodes(ctx: Ctx): Obj[] {
  return clusterNodes(ctx.env).map((n) => ({ ...nodeEntry(ctx.env, n), ssl_fingerprint: 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99' }));
}

export function nextid(ctx: Ctx, _m: RegExpExecArray, opts: Record<string, string>): string {
  const want = opts['vmid'];
  if (want !== undefined) {
    if (findGuest(ctx.env, want)) paramError('vmid', `VM ${want} already exists`);
    return want;
  }
  return String(nextId(ctx.env));
}

export function clusterStatus(ctx: Ctx): Obj[] {
  const all = clusterNodes(ctx.env);
  const nodesOut: Obj[] = all.map((n, i) => ({ id: `node/${n}`, name: n, type: 'node', online: 1, local: n === ctx.env.node ? 1 : 0, nodeid: i + 1, ip: `127.0.0.${i + 1}`, level: '' }));
  if (all.length < 2) return nodesOut;
  return [{ id: 'cluster', type: 'cluster', name: 'phoenix-sim', nodes: all.length, quorate: 1, version: all.length }, ...nodesOut];
}
