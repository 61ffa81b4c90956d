// `pvesm`: dispatch (lazy imports).
import { dispatch, type Ctx, type ToolDef } from '../core/ctx.js';

const def: ToolDef = {
  commands: {
    status: async () => (await import('./status.js')).status,
    list: async () => (await import('./list.js')).list,
    add: async () => (await import('./add.js')).add,
    remove: async () => (await import('./add.js')).remove,
    set: async () => (await import('./add.js')).set,
  },
  usage: [
    'pvesm add <type> <storage> [OPTIONS]', 'pvesm list <storage> [OPTIONS]', 'pvesm remove <storage>',
    'pvesm set <storage> [OPTIONS]', 'pvesm status [OPTIONS]',
  ],
};

export function run(ctx: Ctx, args: string[]): Promise<number> {
  return dispatch(ctx, def, args);
}
