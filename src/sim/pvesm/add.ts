import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
export function add(_ctx: Ctx, _args: string[]): number { die('not implemented yet'); }
export const remove = add, set = add;
