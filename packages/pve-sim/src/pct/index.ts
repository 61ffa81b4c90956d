// `pct`: dispatch to one file per command group (lazy imports).
import { dispatch, type Ctx, type ToolDef } from '../core/ctx.js';

const def: ToolDef = {
  commands: {
    create: async () => (await import('./create.js')).create,
    set: async () => (await import('./set.js')).set,
    config: async () => (await import('./show.js')).config,
    status: async () => (await import('./show.js')).status,
    list: async () => (await import('./show.js')).list,
    start: async () => (await import('./power.js')).start,
    stop: async () => (await import('./power.js')).stop,
    shutdown: async () => (await import('./power.js')).shutdown,
    reboot: async () => (await import('./power.js')).reboot,
    destroy: async () => (await import('./destroy.js')).destroy,
    exec: async () => (await import('./exec.js')).exec,
    push: async () => (await import('./push.js')).push,
    pull: async () => (await import('./pull.js')).pull,
    unlock: async () => (await import('./unlock.js')).unlock,
    clone: async () => (await import('./clone.js')).clone,
    template: async () => (await import('./template.js')).template,
    resize: async () => (await import('./resize.js')).resize,
    snapshot: async () => (await import('./snapshot.js')).snapshot,
    delsnapshot: async () => (await import('./snapshot.js')).delsnapshot,
    rollback: async () => (await import('./snapshot.js')).rollback,
    pending: async () => (await import('../guest/pending-view.js')).pendingCommand('pct', 'lxc'),
    listsnapshot: async () => (await import('./snapshot.js')).listsnapshot,
  },
  usage: [
    'pct clone <vmid> <newid> [OPTIONS]', 'pct config <vmid> [OPTIONS]', 'pct create <vmid> <ostemplate> [OPTIONS]',
    'pct delsnapshot <vmid> <snapname> [OPTIONS]', 'pct destroy <vmid> [OPTIONS]', 'pct exec <vmid> [<extra-args>]',
    'pct list', 'pct listsnapshot <vmid>', 'pct pending <vmid>', 'pct pull <vmid> <path> <destination> [OPTIONS]', 'pct push <vmid> <file> <destination> [OPTIONS]',
    'pct reboot <vmid> [OPTIONS]', 'pct resize <vmid> <disk> <size> [OPTIONS]', 'pct rollback <vmid> <snapname> [OPTIONS]',
    'pct set <vmid> [OPTIONS]', 'pct shutdown <vmid> [OPTIONS]', 'pct snapshot <vmid> <snapname> [OPTIONS]',
    'pct start <vmid> [OPTIONS]', 'pct status <vmid> [OPTIONS]', 'pct stop <vmid> [OPTIONS]', 'pct template <vmid>',
    'pct unlock <vmid>',
  ],
};

export function run(ctx: Ctx, args: string[]): Promise<number> {
  return dispatch(ctx, def, args);
}
