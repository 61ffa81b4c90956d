import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
export function template(_ctx: Ctx, _args: string[]): number { die('not implemented yet'); }
