import type { Ctx } from '../core/ctx.js';
export async function run(ctx: Ctx, _args: string[]): Promise<number> { ctx.err('not implemented yet\n'); return 255; }
