// `pveam`: the container template manager (pve-manager PVE/CLI/pveam.pm `$cmddef`), dispatch (lazy imports).
import { dispatch, type Ctx, type ToolDef } from '../core/ctx.js';

const def: ToolDef = {
  commands: {
    update: async () => (await import('./update.js')).update,
    available: async () => (await import('./update.js')).available,
    list: async () => (await import('./download.js')).list,
    download: async () => (await import('./download.js')).download,
  },
  usage: [
    'pveam available [OPTIONS]', 'pveam download <storage> <template>', 'pveam list <storage>', 'pveam update',
  ],
};

export function run(ctx: Ctx, args: string[]): Promise<number> {
  return dispatch(ctx, def, args);
}
