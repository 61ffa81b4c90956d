// pct unlock <vmid> (AbstractConfig::remove_lock).
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { vmidSpec } from '../core/schema.js';
import { saveConf } from '../state/guests.js';
import { lockPath, type GuestType } from '../state/paths.js';
import { requireConf } from '../guest/common.js';

export async function unlockGuest(ctx: Ctx, args: string[], type: GuestType): Promise<number> {
  const tool = type === 'lxc' ? 'pct' : 'qm';
  const { args: a } = parseArgs({ usage: `${tool} unlock <vmid>`, args: ['vmid'], argSpecs: { vmid: vmidSpec } }, args);
  const vmid = a['vmid'] as string;
  return withLock(lockPath(ctx.env), () => {
    const conf = requireConf(ctx.env, type, vmid);
    if (!conf.main.keys['lock']) die('no lock found trying to remove any lock');
    delete conf.main.keys['lock'];
    saveConf(ctx.env, type, vmid, conf);
    return 0;
  });
}

export const unlock = (ctx: Ctx, args: string[]): Promise<number> => unlockGuest(ctx, args, 'lxc');
