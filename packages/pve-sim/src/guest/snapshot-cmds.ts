// snapshot / delsnapshot / rollback / listsnapshot commands of pct and qm (API2/*/Snapshot.pm).
import type { Ctx } from '../core/ctx.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, snapnameSpec, str, vmidSpec } from '../core/schema.js';
import { lockPath, type GuestType } from '../state/paths.js';
import { setRunning } from '../state/status.js';
import { requireConf } from './common.js';
import { snapshotTree } from './snapshot-tree.js';
import { createSnapshot, deleteSnapshot, rollbackSnapshot } from './snapshots.js';

const tool = (t: GuestType): string => (t === 'lxc' ? 'pct' : 'qm');

export async function snapshotCmd(ctx: Ctx, args: string[], type: GuestType): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: `${tool(type)} snapshot <vmid> <snapname> [OPTIONS]`, args: ['vmid', 'snapname'],
    argSpecs: { vmid: vmidSpec, snapname: snapnameSpec }, opts: { description: str, vmstate: bool },
  }, args);
  const vmid = a['vmid'] as string;
  return withLock(lockPath(ctx.env), () => {
    const conf = requireConf(ctx.env, type, vmid, true);
    createSnapshot(ctx.env, type, vmid, conf, a['snapname'] as string, opts['description']);
    return 0;
  });
}

export async function delsnapshotCmd(ctx: Ctx, args: string[], type: GuestType): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: `${tool(type)} delsnapshot <vmid> <snapname> [OPTIONS]`, args: ['vmid', 'snapname'],
    argSpecs: { vmid: vmidSpec, snapname: snapnameSpec }, opts: { force: bool },
  }, args);
  const vmid = a['vmid'] as string;
  return withLock(lockPath(ctx.env), () => {
    const conf = requireConf(ctx.env, type, vmid, true);
    deleteSnapshot(ctx.env, type, vmid, conf, a['snapname'] as string, opts['force'] === '1');
    return 0;
  });
}

export async function rollbackCmd(ctx: Ctx, args: string[], type: GuestType): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: `${tool(type)} rollback <vmid> <snapname> [OPTIONS]`, args: ['vmid', 'snapname'],
    argSpecs: { vmid: vmidSpec, snapname: snapnameSpec }, opts: { start: bool },
  }, args);
  const vmid = a['vmid'] as string;
  return withLock(lockPath(ctx.env), () => {
    const conf = requireConf(ctx.env, type, vmid, true);
    rollbackSnapshot(ctx.env, type, vmid, conf, a['snapname'] as string);
    if (opts['start'] === '1') setRunning(ctx.env, vmid, true);
    return 0;
  });
}

export function listsnapshotCmd(ctx: Ctx, args: string[], type: GuestType): number {
  const { args: a } = parseArgs({ usage: `${tool(type)} listsnapshot <vmid>`, args: ['vmid'], argSpecs: { vmid: vmidSpec } }, args);
  ctx.out(snapshotTree(requireConf(ctx.env, type, a['vmid'] as string)));
  return 0;
}

