// pct exec <vmid> [--] cmd... : really runs the argv inside the CT's root (see guest/run-in-root.ts).
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { vmidSpec } from '../core/schema.js';
import { effectiveKeys } from '../conf/config-file.js';
import { isRunning } from '../state/status.js';
import { lxcRoot, requireConf } from '../guest/common.js';
import { runInRoot } from '../guest/run-in-root.js';

export async function exec(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, extra } = parseArgs({ usage: 'pct exec <vmid> [<extra-args>]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, extra: true }, args);
  const vmid = a['vmid'] as string;
  const conf = requireConf(ctx.env, 'lxc', vmid);
  if (!extra.length) die('missing command');
  if (!isRunning(ctx.env, vmid)) die(`container '${vmid}' not running!`);
  const keys = effectiveKeys(conf, true);
  const { root, mounts } = lxcRoot(ctx.env, keys);
  const r = await runInRoot(root, mounts, extra, { stdio: 'inherit', io: ctx.io, hostname: keys['hostname'] ?? `CT${vmid}` });
  return r.code;
}
