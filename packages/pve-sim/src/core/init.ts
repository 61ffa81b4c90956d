// A fresh state directory is a fresh PVE node: storages `local` and `local-lvm`, the Debian
// template, the node's config directories, the host's account and service files.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimEnv } from './env.js';
import { ensureDir, writeAtomic } from './fsx.js';
import { writeFreshHostFiles } from './host-files.js';
import { withLock } from './lock.js';
import { haQueuePath, lockPath, nodeDir, storageCfgPath, vmlistPath } from '../state/paths.js';
import { DEFAULT_STORAGE_CFG } from '../state/storage-cfg.js';

export const DEFAULT_TEMPLATE = 'debian-12-standard_12.7-1_amd64.tar.zst';

function marker(env: SimEnv): string {
  return join(env.stateDir, '.sim-initialised');
}

/** Initialised, and as current as this build (a state from before the network file gets it on its next call). */
function initialised(env: SimEnv): boolean {
  return existsSync(marker(env)) && existsSync(join(nodeDir(env, env.node), 'lxc')) && existsSync(join(env.hostDir, 'etc/network/interfaces'));
}

/** Initialise the node on its first call, then let its daemons catch up (core/daemons.ts, loaded only with work). */
export async function ensureInitialised(env: SimEnv): Promise<void> {
  if (!initialised(env)) await initialise(env);
  if (env.rrdLagS > 0 || existsSync(haQueuePath(env)) || !existsSync(vmlistPath(env))) {
    const { runDaemons } = await import('./daemons.js');
    await runDaemons(env);
  }
}

async function initialise(env: SimEnv): Promise<void> {
  ensureDir(env.stateDir);
  await withLock(lockPath(env), () => {
    if (initialised(env)) return;
    if (!existsSync(storageCfgPath(env))) writeAtomic(storageCfgPath(env), DEFAULT_STORAGE_CFG);
    for (const d of ['lxc', 'qemu-server']) ensureDir(join(nodeDir(env, env.node), d));
    ensureDir(join(env.pveDir, 'firewall'));
    for (const d of ['template/cache', 'template/iso', 'images', 'dump']) ensureDir(join(env.hostDir, 'var/lib/vz', d));
    const tpl = join(env.hostDir, 'var/lib/vz/template/cache', DEFAULT_TEMPLATE);
    if (!existsSync(tpl)) writeFileSync(tpl, 'Phoenix simulator: Debian 12 standard container template\n');
    writeFreshHostFiles(env.hostDir);
    writeFileSync(marker(env), `${new Date().toISOString()}\n`);
  });
}
