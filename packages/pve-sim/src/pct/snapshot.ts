// pct snapshot / delsnapshot / rollback / listsnapshot.
import type { Ctx } from '../core/ctx.js';
import { delsnapshotCmd, listsnapshotCmd, rollbackCmd, snapshotCmd } from '../guest/snapshot-cmds.js';

export const snapshot = (c: Ctx, a: string[]): Promise<number> => snapshotCmd(c, a, 'lxc');
export const delsnapshot = (c: Ctx, a: string[]): Promise<number> => delsnapshotCmd(c, a, 'lxc');
export const rollback = (c: Ctx, a: string[]): Promise<number> => rollbackCmd(c, a, 'lxc');
export const listsnapshot = (c: Ctx, a: string[]): number => listsnapshotCmd(c, a, 'lxc');
