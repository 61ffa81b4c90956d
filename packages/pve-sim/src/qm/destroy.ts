// qm destroy <vmid> [--purge] [--skiplock] (API2/Qemu.pm destroy_vm).
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { removeTree } from '../core/fsx.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, vmidSpec } from '../core/schema.js';
import { deleteConf } from '../state/guests.js';
import { firewallDir, lockPath } from '../state/paths.js';
import { isRunning } from '../state/status.js';
import { checkLock, requireConf } from '../guest/common.js';
import { assertNoLinkedClones, freeAll, guestVolumes } from '../guest/destroy-volumes.js';

export async function destroy(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: 'qm destroy <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec },
    opts: { purge: bool, skiplock: bool, 'destroy-unreferenced-disks': bool },
  }, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  return withLock(lockPath(env), () => {
    const conf = requireConf(env, 'qemu', vmid);
    if (conf.main.keys['protection'] === '1') die(`can't remove VM ${vmid} - protection mode enabled`);
    if (opts['skiplock'] !== '1') checkLock('qemu', conf);
    if (isRunning(env, vmid)) die(`VM ${vmid} is running - destroy failed`);
    const vols = guestVolumes('qemu', conf);
    assertNoLinkedClones(env, vols);
    let log = freeAll(env, vols);
    deleteConf(env, 'qemu', vmid);
    removeTree(join(firewallDir(env), `${vmid}.fw`));
    removeTree(join(env.stateDir, 'vmroot', vmid));
    if (opts['purge'] === '1') log += `purging VM ${vmid} from related configurations..\n`;
    ctx.out(log);
    return 0;
  });
}
