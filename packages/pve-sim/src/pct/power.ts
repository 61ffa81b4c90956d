// pct start / stop / shutdown / reboot (API2/LXC/Status.pm).
import type { Ctx } from '../core/ctx.js';
import { die, workerDie } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, intMin, vmidSpec } from '../core/schema.js';
import { loadConf, saveConf } from '../state/guests.js';
import { cfsPath, lockPath } from '../state/paths.js';
import { isRunning, setRunning } from '../state/status.js';
import { checkLock, isTemplate } from '../guest/common.js';
import { applyPending } from '../guest/pending.js';

const vmid = { vmid: vmidSpec };

export async function start(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({ usage: 'pct start <vmid> [OPTIONS]', args: ['vmid'], argSpecs: vmid, opts: { skiplock: bool, debug: bool } }, args);
  const id = a['vmid'] as string;
  const env = ctx.env;
  if (isRunning(env, id)) die(`CT ${id} already running`);
  return withLock(lockPath(env), () => {
    const conf = loadConf(env, 'lxc', id);
    if (!conf) workerDie(`Configuration file '${cfsPath(env, 'lxc', id)}' does not exist`);
    if (isTemplate(conf)) workerDie(`you can't start a CT if it's a template`);
    if (opts['skiplock'] !== '1') checkLock('lxc', conf);
    if (applyPending(conf)) saveConf(env, 'lxc', id, conf);
    setRunning(env, id, true);
    return 0;
  });
}

async function stopLike(ctx: Ctx, args: string[], usage: string, extra: Record<string, typeof bool>): Promise<number> {
  const { args: a, opts } = parseArgs({ usage, args: ['vmid'], argSpecs: vmid, opts: extra }, args);
  const id = a['vmid'] as string;
  const env = ctx.env;
  if (!isRunning(env, id)) die(`CT ${id} not running`);
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

export async function reboot(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a } = parseArgs({ usage: 'pct reboot <vmid> [OPTIONS]', args: ['vmid'], argSpecs: vmid, opts: { timeout: intMin(0) } }, args);
  const id = a['vmid'] as string;
  const env = ctx.env;
  if (!isRunning(env, id)) die(`VM ${id} not running`);
  return withLock(lockPath(env), () => {
    const conf = loadConf(env, 'lxc', id);
    if (!conf) workerDie(`Configuration file '${cfsPath(env, 'lxc', id)}' does not exist`);
    checkLock('lxc', conf);
    if (applyPending(conf)) saveConf(env, 'lxc', id, conf);
    setRunning(env, id, true);
    return 0;
  });
}
