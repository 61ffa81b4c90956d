// Apply pending changes on purpose (`--apply-pending`): a running guest whose config has a pending section is
// restarted, and its start applies the section (pve-container src/PVE/LXC.pm `vm_start`, qemu-server
// src/PVE/QemuServer.pm `vm_start`: `vmconfig_apply_pending`). Templates never run, so they are never restarted.
// CT: `pct reboot` (pve-container src/PVE/API2/LXC/Status.pm `vm_reboot`: "Applies pending changes"; src/PVE/LXC.pm
// `vm_reboot` stops and starts under one config lock, and the CLI waits for the worker, `$upid_exit`).
// VM: `qm shutdown` + `qm start`, not `qm reboot`: qemu-server's `vm_reboot` only stops the VM and leaves the start to
// qmeventd ("qmeventd starts it again on a stop event"), so right after it the VM can still be stopped with its
// pending section, and the confirming re-read would see that.
import { guestOf } from './facts.js';
import { pendingKeys, pendingPhrase } from './pending.js';
import type { GuestKind, GuestRef } from './power.js';
import { obj, vmidSchema } from './schema.js';
import { act, cmd, none, noop, withPending, type Command, type TaskDef } from './types.js';

const label = (k: GuestKind): string => (k === 'lxc' ? 'CT' : 'VM');

function restart(k: GuestKind, vmid: string): Command[] {
  if (k === 'lxc') return [cmd(['pct', 'reboot', vmid], { what: `restart of CT ${vmid} to apply its pending changes` })];
  return [
    // a guest without ACPI or agent may ignore the shutdown request: stop it after the timeout
    cmd(['qm', 'shutdown', vmid, '--forceStop', '1'], { okIf: 'not running', what: `shutdown of VM ${vmid} to apply its pending changes` }),
    cmd(['qm', 'start', vmid], { okIf: 'already running', what: `start of VM ${vmid} after applying its pending changes` }),
  ];
}

export function applyPendingTask<K extends GuestKind>(k: K): TaskDef<GuestRef, `${K}.apply-pending`> {
  return {
    name: `${k}.apply-pending`,
    schema: obj({ vmid: vmidSchema }),
    mutates: true,
    bootOrder: 'restart',
    // the verb asked for it (--apply-pending): reconfigure keeps it
    reconfigure: true,
    owned: false,
    // it restarts for what the config steps before it parked in the pending section
    readsChanges: true,
    reread: 'guest-status',
    guests: (p) => [p.vmid],
    title: (p) => `${label(k)} ${p.vmid}: pending changes applied`,
    plan(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label(k)} ${p.vmid} does not exist on ${facts.node}`);
      if (g.template) return noop('template: never restarted');
      const keys = pendingKeys(g);
      if (!keys.length) return noop('nothing pending');
      // a stopped guest takes the section at its next start; restarting it is the `start` verb's business
      if (g.status !== 'running') return { change: withPending(none(`${g.status}: ${pendingPhrase(keys)}`), keys), commands: [] };
      // for an HA-managed VM `qm shutdown` only queues a request to the HA manager (qemu-server src/PVE/API2/Qemu.pm
      // `vm_shutdown`: vm_is_ha_managed); `pct reboot` does not ask HA (pve-container API2/LXC/Status.pm `vm_reboot`)
      if (k === 'vm' && facts.haManaged?.includes(p.vmid)) {
        throw new Error(`VM ${p.vmid} is managed by HA (vm:${p.vmid}): \`qm shutdown\` would only queue a request to the HA manager; restart it through HA to apply ${keys.join(', ')}`);
      }
      return act({ kind: 'run', detail: `restart to apply ${keys.join(', ')}`, applies: keys }, ...restart(k, p.vmid));
    },
  };
}
