// `qm`: dispatch to one file per command group (lazy imports).
import { dispatch, type Ctx, type ToolDef } from '../core/ctx.js';
import { delsnapshotCmd, listsnapshotCmd, rollbackCmd, snapshotCmd } from '../guest/snapshot-cmds.js';

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
    clone: async () => (await import('./clone.js')).clone,
    template: async () => (await import('./disk.js')).template,
    importdisk: async () => (await import('./disk.js')).importDisk,
    resize: async () => (await import('./disk.js')).resize,
    disk: async () => (await import('./disk.js')).disk,
    guest: async () => (await import('./agent.js')).guest,
    agent: async () => (await import('./agent.js')).agentAlias,
    cloudinit: async () => (await import('./cloudinit.js')).cloudinit,
    unlock: async () => { const m = await import('../pct/unlock.js'); return (c, a) => m.unlockGuest(c, a, 'qemu'); },
    snapshot: async () => (c, a) => snapshotCmd(c, a, 'qemu'),
    delsnapshot: async () => (c, a) => delsnapshotCmd(c, a, 'qemu'),
    rollback: async () => (c, a) => rollbackCmd(c, a, 'qemu'),
    pending: async () => (await import('../guest/pending-view.js')).pendingCommand('qm', 'qemu'),
    listsnapshot: async () => (c, a) => listsnapshotCmd(c, a, 'qemu'),
  },
  usage: [
    'qm agent <vmid> <command>', 'qm clone <vmid> <newid> [OPTIONS]', 'qm cloudinit dump <vmid> <type>', 'qm cloudinit update <vmid>',
    'qm config <vmid> [OPTIONS]', 'qm create <vmid> [OPTIONS]', 'qm delsnapshot <vmid> <snapname> [OPTIONS]', 'qm destroy <vmid> [OPTIONS]',
    'qm disk import <vmid> <source> <storage> [OPTIONS]', 'qm disk resize <vmid> <disk> <size> [OPTIONS]',
    'qm guest cmd <vmid> <command>', 'qm guest exec <vmid> [<extra-args>] [OPTIONS]', 'qm guest exec-status <vmid> <pid>',
    'qm importdisk <vmid> <source> <storage> [OPTIONS]', 'qm list [OPTIONS]', 'qm listsnapshot <vmid>', 'qm pending <vmid>', 'qm reboot <vmid> [OPTIONS]',
    'qm resize <vmid> <disk> <size> [OPTIONS]', 'qm rollback <vmid> <snapname> [OPTIONS]', 'qm set <vmid> [OPTIONS]',
    'qm shutdown <vmid> [OPTIONS]', 'qm snapshot <vmid> <snapname> [OPTIONS]', 'qm start <vmid> [OPTIONS]', 'qm status <vmid> [OPTIONS]',
    'qm stop <vmid> [OPTIONS]', 'qm template <vmid> [OPTIONS]', 'qm unlock <vmid>',
  ],
};

export function run(ctx: Ctx, args: string[]): Promise<number> {
  return dispatch(ctx, def, args);
}
