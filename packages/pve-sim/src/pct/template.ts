// pct template <vmid>.
import type { Ctx } from '../core/ctx.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { vmidSpec } from '../core/schema.js';
import { lockPath } from '../state/paths.js';
import { requireConf } from '../guest/common.js';
import { makeTemplate } from '../guest/template.js';

export async function template(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a } = parseArgs({ usage: 'pct template <vmid>', args: ['vmid'], argSpecs: { vmid: vmidSpec } }, args);
  const vmid = a['vmid'] as string;
  return withLock(lockPath(ctx.env), () => {
    makeTemplate(ctx.env, 'lxc', vmid, requireConf(ctx.env, 'lxc', vmid));
    return 0;
  });
}
