// pct start / stop / shutdown / reboot (API2/LXC/Status.pm). An HA-managed CT (state/ha.ts) is not started or
// stopped here: vm_start / vm_stop / vm_shutdown fork an `hastart` / `hastop` worker that prints
// `Requesting HA start for CT <id>` and hands the request to the HA manager; the command exits 0.
import type { Ctx } from '../core/ctx.js';
import { die, workerDie } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, intMin, vmidSpec } from '../core/schema.js';
import { haResource, requestHa, type HaAction } from '../state/ha.js';
import { findGuest, loadConf } from '../state/guests.js';
import { cfsPath, lockPath } from '../state/paths.js';
import { isRunning, setRunning } from '../state/status.js';
import { checkLock, isTemplate } from '../guest/common.js';
import { startGuest } from '../guest/start-guest.js';

const vmid = { vmid: vmidSpec };

/** The `hastart` / `hastop` worker (API2/LXC/Status.pm vm_start, vm_stop, vm_shutdown). */
async function viaHa(ctx: Ctx, id: string, action: HaAction): Promise<number | undefined> {
  const r = haResource(ctx.env, id);
  if (!r) return undefined;
  return withLock(lockPath(ctx.env), () => {
    ctx.out(`Requesting HA ${action} for CT ${id}\n`);
    requestHa(ctx.env, r, action, findGuest(ctx.env, id)?.node ?? ctx.env.node);
    return 0;
  });
}

export async function start(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({ usage: 'pct start <vmid> [OPTIONS]', args: ['vmid'], argSpecs: vmid, opts: { skiplock: bool, debug: bool } }, args);
  const id = a['vmid'] as string;
  const env = ctx.env;
  if (isRunning(env, id)) die(`CT ${id} already running`);
  const ha = await viaHa(ctx, id, 'start');
  if (ha !== undefined) return ha;
  return withLock(lockPath(env), () => {
    const conf = loadConf(env, 'lxc', id);
    if (!conf) workerDie(`Configuration file '${cfsPath(env, 'lxc', id)}' does not exist`);
    if (isTemplate(conf)) workerDie(`you can't start a CT if it's a template`);
    if (opts['skiplock'] !== '1') checkLock('lxc', conf);
    startGuest(env, 'lxc', id, conf);
    return 0;
  });
}

async function stopLike(ctx: Ctx, args: string[], usage: string, extra: Record<string, typeof bool>): Promise<number> {
  const { args: a, opts } = parseArgs({ usage, args: ['vmid'], argSpecs: vmid, opts: extra }, args);
  const id = a['vmid'] as string;
  const env = ctx.env;
  if (!isRunning(env, id)) die(`CT ${id} not running`);
  const ha = await viaHa(ctx, id, 'stop');
  if (ha !== undefined) return ha;
  return withLock(lockPath(env), () => {
    const conf = loadConf(env, 'lxc', id);
    if (!conf) workerDie(`Configuration file '${cfsPath(env, 'lxc', id)}' does not exist`);
    if (opts['skiplock'] !== '1') checkLock('lxc', conf);
    setRunning(env, id, false);
    return 0;
  });
}

export function stop(ctx: Ctx, args: string[]): Promise<number> {
  return stopLike(ctx, args, 'pct stop <vmid> [OPTIONS]', { skiplock: bool, 'overrule-shutdown': bool, timeout: intMin(0) });
}

export function shutdown(ctx: Ctx, args: string[]): Promise<number> {
  return stopLike(ctx, args, 'pct shutdown <vmid> [OPTIONS]', { forceStop: bool, timeout: intMin(0) });
}

/** vm_reboot: shutdown + vm_start, which applies the pending section ("Applies pending changes."). */
export async function reboot(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a } = parseArgs({ usage: 'pct reboot <vmid> [OPTIONS]', args: ['vmid'], argSpecs: vmid, opts: { timeout: intMin(0) } }, args);
  const id = a['vmid'] as string;
  const env = ctx.env;
  if (!isRunning(env, id)) die(`VM ${id} not running`);
  return withLock(lockPath(env), () => {
    const conf = loadConf(env, 'lxc', id);
    if (!conf) workerDie(`Configuration file '${cfsPath(env, 'lxc', id)}' does not exist`);
    checkLock('lxc', conf);
    startGuest(env, 'lxc', id, conf);
    return 0;
  });
}
