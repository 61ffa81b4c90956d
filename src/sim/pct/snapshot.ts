import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
export function snapshot(_ctx: Ctx, _args: string[]): number { die('not implemented yet'); }
export const delsnapshot = snapshot, rollback = snapshot, listsnapshot = snapshot;
