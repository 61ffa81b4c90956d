// `pdbedit -L` (samba source3/utils/pdbedit.c print_sam_info, not verbose): one `user:uid:full name` line per
// Samba user of the simulated node; the uid is the unix account's at listing time. Nothing else is simulated.
import type { Ctx } from '../core/ctx.js';
import { SimError } from '../core/errors.js';
import { readPassdb, unixAccount } from './passdb.js';

export function run(ctx: Ctx, args: string[]): number {
  if (!args.length || args.some((a) => a !== '-L' && a !== '--list')) throw new SimError('pve-sim: pdbedit: only -L (--list) is simulated', 1);
  for (const [name, u] of Object.entries(readPassdb(ctx.env))) {
    ctx.out(`${name}:${unixAccount(ctx.env, name)?.uid ?? u.uid}:${u.fullName}\n`);
  }
  return 0;
}
