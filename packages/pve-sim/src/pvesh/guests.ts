// GET /nodes/<n>/{lxc,qemu}, .../<id>/config, .../<id>/status/current.
import { createHash } from 'node:crypto';
import type { Ctx } from '../core/ctx.js';
import { die, missingConfig } from '../core/errors.js';
import { effectiveKeys } from '../conf/config-file.js';
import { listGuests, loadConf, rawConf } from '../state/guests.js';
import { cfsPath, type GuestType } from '../state/paths.js';
import { vmStatus } from '../state/vmstatus.js';
import { haResource, haState } from '../state/ha.js';
import { pendingItems, type PendingItem } from '../guest/pending-view.js';
import { clusterNodes } from './cluster.js';
import { typedValue } from './typing.js';

type Obj = Record<string, unknown>;

function checkNode(ctx: Ctx, node: string): void {
  if (!clusterNodes(ctx.env).includes(node)) die(`hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known`);
}

function listEntry(ctx: Ctx, type: GuestType, vmid: string, node: string): Obj | undefined {
  const conf = loadConf(ctx.env, type, vmid, node);
  if (!conf) return undefined;
  const st: Obj = { ...vmStatus(ctx.env, { vmid, type, node }, conf) };
  if (type === 'lxc') st['vmid'] = vmid;
  return st;
}

export function guestList(ctx: Ctx, m: RegExpExecArray): Obj[] {
  const node = m[1] as string;
  const type = m[2] as GuestType;
  checkNode(ctx, node);
  // the run record of each guest of this node (not readStatus: every running guest of the cluster)
  return listGuests(ctx.env, node).filter((g) => g.type === type).map((g) => listEntry(ctx, type, g.vmid, node)).filter((e): e is Obj => !!e);
}

/** The guest a `/nodes/<node>/<lxc|qemu>/<id>/…` path names: its raw and parsed config (PVE's error when it has none). */
function guestAt(ctx: Ctx, m: RegExpExecArray): { type: GuestType; raw: string; conf: NonNullable<ReturnType<typeof loadConf>> } {
  const node = m[1] as string;
  const type = m[2] as GuestType;
  const vmid = m[3] as string;
  checkNode(ctx, node);
  const raw = rawConf(ctx.env, type, vmid, node);
  const conf = loadConf(ctx.env, type, vmid, node);
  if (raw === undefined || !conf) missingConfig(cfsPath(ctx.env, type, vmid, node));
  return { type, raw: raw as string, conf: conf as NonNullable<typeof conf> };
}

export function guestConfig(ctx: Ctx, m: RegExpExecArray, opts: Record<string, string>): Obj {
  const { type, raw, conf } = guestAt(ctx, m);
  let keys: Record<string, string>;
  let lxc = conf.main.lxc;
  if (opts['snapshot'] !== undefined) {
    const s = conf.snapshots[opts['snapshot']];
    if (!s) die(`snapshot '${opts['snapshot']}' does not exist`);
    keys = { ...s.keys };
    if (s.description !== undefined) keys['description'] = s.description;
    lxc = s.lxc;
  } else {
    keys = effectiveKeys(conf, opts['current'] === '1');
  }
  const out: Obj = {};
  for (const [k, v] of Object.entries(keys)) out[k] = type === 'qemu' && k === 'cipassword' ? '**********' : typedValue(type, k, v);
  if (type === 'lxc' && lxc.length) out['lxc'] = lxc.map(([k, v]) => [k, v]);
  out['digest'] = createHash('sha1').update(raw).digest('hex');
  return out;
}

export function guestStatus(ctx: Ctx, m: RegExpExecArray): Obj {
  const node = m[1] as string;
  const type = m[2] as GuestType;
  const vmid = m[3] as string;
  checkNode(ctx, node);
  const conf = loadConf(ctx.env, type, vmid, node);
  if (!conf) missingConfig(cfsPath(ctx.env, type, vmid, node));
  // PVE::HA::Config::get_service_status: `managed` and the state the HA manager has for it
  const res = haResource(ctx.env, vmid);
  const st: Obj = { ...vmStatus(ctx.env, { vmid, type, node }, conf), ha: res ? { managed: 1, state: haState(res) } : { managed: 0 } };
  if (type === 'lxc') st['vmid'] = vmid;
  if (type === 'qemu') {
    st['qmpstatus'] = st['status'];
    const agent = effectiveKeys(conf, true)['agent'];
    if (agent && /^(1|enabled=1)/.test(agent)) st['agent'] = 1;
  }
  return st;
}

/** GET .../<id>/pending (API2/LXC.pm, API2/Qemu.pm vm_pending). */
export function guestPending(ctx: Ctx, m: RegExpExecArray): PendingItem[] {
  const { type, raw, conf } = guestAt(ctx, m);
  return pendingItems(type, conf, raw);
}
