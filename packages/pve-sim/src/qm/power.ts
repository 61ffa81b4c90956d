// qm start / stop / shutdown / reboot (API2/Qemu.pm vm_start, vm_stop, ...). An HA-managed VM (state/ha.ts) is
// not started or stopped here: an `hastart` / `hastop` worker prints `Requesting HA start for VM <id>` and hands
// the request to the HA manager (checked before the template and running checks, as vm_start does); exit 0.
import type { Ctx } from '../core/ctx.js';
import { die, missingConfig } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, intMin, str, vmidSpec, type OptSpec } from '../core/schema.js';
import { haResource, requestHa, type HaAction } from '../state/ha.js';
import { findGuest, loadConf } from '../state/guests.js';
import { cfsPath, lockPath } from '../state/paths.js';
import { isRunning, setRunning } from '../state/status.js';
import { checkLock, isTemplate } from '../guest/common.js';
import { startGuest } from '../guest/start-guest.js';

const vmid = { vmid: vmidSpec };
function notFound(id: string, node: string): never {
  die(`unable to find configuration file for VM ${id} on node '${node}'`);
}

async function viaHa(ctx: Ctx, id: string, action: HaAction): Promise<number | undefined> {
  const r = haResource(ctx.env, id);
  if (!r) return undefined;
  return withLock(lockPath(ctx.env), () => {
    ctx.out(`Requesting HA ${action} for VM ${id}\n`);
    requestHa(ctx.env, r, action, findGuest(ctx.env, id)?.node ?? ctx.env.node);
    return 0;
  });
}

export async function start(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: 'qm start <vmid> [OPTIONS]', args: ['vmid'], argSpecs: vmid,
    opts: { skiplock: bool, timeout: intMin(0), machine: str, migratedfrom: str, 'force-cpu': str, stateuri: str },
  }, args);
  const id = a['vmid'] as string;
  const env = ctx.env;
  if (opts['stateuri'] === undefined) {
    const ha = await viaHa(ctx, id, 'start');
    if (ha !== undefined) return ha;
  }
  return withLock(lockPath(env), () => {
    const conf = loadConf(env, 'qemu', id);
    if (!conf) missingConfig(cfsPath(env, 'qemu', id));
    if (isTemplate(conf)) die(`you can't start a vm if it's a template`);
    if (opts['skiplock'] !== '1') checkLock('qemu', conf);
    if (isRunning(env, id)) die(`VM ${id} already running`);
    startGuest(env, 'qemu', id, conf);
    return 0;
  });
}

async function stopLike(ctx: Ctx, args: string[], usage: string, extra: Record<string, OptSpec>): Promise<number> {
  const { args: a, opts } = parseArgs({ usage, args: ['vmid'], argSpecs: vmid, opts: extra }, args);
  const id = a['vmid'] as string;
  const env = ctx.env;
  if (opts['migratedfrom'] === undefined) {
    const ha = await viaHa(ctx, id, 'stop');
    if (ha !== undefined) return ha;
  }
  return withLock(lockPath(env), () => {
    const conf = loadConf(env, 'qemu', id);
    if (!conf) notFound(id, env.node);
    if (opts['skiplock'] !== '1') checkLock('qemu', conf);
    if (isRunning(env, id)) setRunning(env, id, false);
    return 0;
  });
}

export const stop = (ctx: Ctx, args: string[]): Promise<number> =>
  stopLike(ctx, args, 'qm stop <vmid> [OPTIONS]', { skiplock: bool, keepActive: bool, timeout: intMin(0), 'overrule-shutdown': bool, migratedfrom: str });

export const shutdown = (ctx: Ctx, args: string[]): Promise<number> =>
  stopLike(ctx, args, 'qm shutdown <vmid> [OPTIONS]', { skiplock: bool, keepActive: bool, timeout: intMin(0), forceStop: bool });

/** vm_reboot: shutdown + start, applying the pending section ("Applies pending changes."). */
export async function reboot(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a } = parseArgs({ usage: 'qm reboot <vmid> [OPTIONS]', args: ['vmid'], argSpecs: vmid, opts: { timeout: intMin(0) } }, args);
  const id = a['vmid'] as string;
  const env = ctx.env;
  return withLock(lockPath(env), () => {
    const conf = loadConf(env, 'qemu', id);
    if (!conf) notFound(id, env.node);
    checkLock('qemu', conf);
    if (!isRunning(env, id)) die(`VM ${id} not running`);
    startGuest(env, 'qemu', id, conf);
    return 0;
  });
}
