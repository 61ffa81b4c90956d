// pct destroy <vmid> [--force] [--purge] (API2/LXC.pm destroy_vm).
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, vmidSpec } from '../core/schema.js';
import { removeTree } from '../core/fsx.js';
import { deleteConf } from '../state/guests.js';
import { firewallDir, lockPath } from '../state/paths.js';
import { isRunning, setRunning } from '../state/status.js';
import { checkLock, requireConf } from '../guest/common.js';
import { assertNoLinkedClones, freeAll, guestVolumes } from '../guest/destroy-volumes.js';

export async function destroy(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage: 'pct destroy <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec },
    opts: { force: bool, purge: bool, 'destroy-unreferenced-disks': bool },
  }, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  return withLock(lockPath(env), () => {
    const conf = requireConf(env, 'lxc', vmid);
    if (conf.main.keys['protection'] === '1') die(`can't remove CT ${vmid} - protection mode enabled`);
    const running = isRunning(env, vmid);
    if (running && opts['force'] !== '1') die(`unable to destroy CT ${vmid} - container is running`);
    checkLock('lxc', conf);
    const vols = guestVolumes('lxc', conf);
    assertNoLinkedClones(env, vols);
    let log = '';
    if (running) {
      log += `forced to stop CT ${vmid} before destroying!\n`;
      setRunning(env, vmid, false);
    }
    log += freeAll(env, vols);
    deleteConf(env, 'lxc', vmid);
    removeTree(join(firewallDir(env), `${vmid}.fw`));
    if (opts['purge'] === '1') log += `purging CT ${vmid} from related configurations..\n`;
    ctx.out(log);
    return 0;
  });
}
