// pveam download <storage> <template> (pve-manager PVE/API2/Nodes.pm `apl_download`, run by the CLI as a worker)
// and pveam list <storage> (PVE/CLI/pveam.pm `index` + `$print_list`).
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { die, SimError } from '../core/errors.js';
import { ensureDir } from '../core/fsx.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { str } from '../core/schema.js';
import { lockPath } from '../state/paths.js';
import { contentOf, enabledOn, getStorage, storagePath, storageRoot, type StorageDef } from '../state/storage-cfg.js';
import { readAplIndex } from './index-file.js';

/** PVE::Storage::storage_check_enabled: the storage exists and is enabled on this node. */
function enabledStorage(ctx: Ctx, id: string): StorageDef {
  const s = getStorage(ctx.env, id);
  if (!s) die(`storage '${id}' does not exist`);
  if (s.props['disable'] === '1') die(`storage '${id}' is disabled`);
  if (!enabledOn(s, ctx.env.node)) die(`storage '${id}' is not available on node '${ctx.env.node}'`);
  return s;
}

export async function download(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a } = parseArgs({ usage: 'pveam download <storage> <template>', args: ['storage', 'template'], argSpecs: { storage: str, template: str }, opts: {} }, args);
  const template = a['template'] as string;
  const appliance = readAplIndex(ctx.env, (t) => ctx.err(t)).find((x) => x.template === template);
  // raise_param_exc inside the method: the real CLI exits 2 here (seen on the real node), not 255
  if (!appliance) throw new SimError('400 Parameter verification failed.\ntemplate: no such template\npveam download <storage> <template>', 2);
  const s = enabledStorage(ctx, a['storage'] as string);
  if (!contentOf(s).includes('vztmpl')) die(`storage '${s.id}' does not support templates`);
  const root = storageRoot(ctx.env, s);
  if (!root) die(`storage definition has no path`);
  // get_vztmpl_dir: <path>/template/cache (pve-storage PVE/Storage/Plugin.pm get_subdir, $vtype_subdirs)
  const dest = `${storagePath(s)}/template/cache/${template}`;
  const file = join(root, 'template/cache', template);
  return withLock(lockPath(ctx.env), () => {
    // PVE::Tools::download_file_from_url, as the worker logs it
    let log = `downloading ${appliance.location} to ${dest}\n`;
    if (existsSync(file)) {
      log += 'calculating checksum of existing file...OK, got correct file already, no need to download\n';
    } else {
      ensureDir(join(root, 'template/cache'));
      writeFileSync(file, `Phoenix simulator: container template ${template}\n`);
      log += 'calculating checksum...OK, checksum verified\n';
      log += `download of '${appliance.location}' to '${dest}' finished\n`;
    }
    ctx.out(log);
    return 0;
  });
}

export function list(ctx: Ctx, args: string[]): number {
  const { args: a } = parseArgs({ usage: 'pveam list <storage>', args: ['storage'], argSpecs: { storage: str }, opts: {} }, args);
  const s = enabledStorage(ctx, a['storage'] as string);
  if (!contentOf(s).includes('vztmpl')) die('Storage does not support templates!');
  const dir = join(storageRoot(ctx.env, s) ?? '/nonexistent', 'template/cache');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()).sort() : [];
  // `printf "%-60s %-6s\n", qw(NAME SIZE)`, then `printf "%-60s %-4.2fMB\n", $volid, $size / (1024 * 1024)`
  let out = `${'NAME'.padEnd(60)} ${'SIZE'.padEnd(6)}\n`;
  for (const f of files) out += `${`${s.id}:vztmpl/${f}`.padEnd(60)} ${(statSync(join(dir, f)).size / 1048576).toFixed(2).padEnd(4)}MB\n`;
  ctx.out(out);
  return 0;
}
