// Power and destroy tasks share one shape for CTs (pct) and VMs (qm).
import type { GuestType, NodeFacts } from './facts.js';
import { guestOf } from './facts.js';
import { leftLock } from './interrupted.js';
import { UNLOCKED } from './recreate.js';
import { obj, vmidSchema } from './schema.js';
import { act, cmd, noop, remove, runs, type TaskDef } from './types.js';

export interface GuestRef { vmid: string }
export type GuestKind = 'lxc' | 'vm';

const type = (k: GuestKind): GuestType => (k === 'lxc' ? 'lxc' : 'qemu');
const tool = (k: GuestKind): 'pct' | 'qm' => (k === 'lxc' ? 'pct' : 'qm');
const label = (k: GuestKind): string => (k === 'lxc' ? 'CT' : 'VM');
const refSchema = obj({ vmid: vmidSchema });
const common = { schema: refSchema, reconfigure: false, guests: (p: GuestRef) => [p.vmid] } as const;

function present(facts: NodeFacts, k: GuestKind, vmid: string) {
  const g = guestOf(facts, vmid);
  if (!g) throw new Error(`${label(k)} ${vmid} does not exist on ${facts.node}`);
  return g;
}

/** The HA resource id of a guest (`ct:950`, `vm:1000`), as `ha-manager` names it. */
const haSid = (k: GuestKind, vmid: string): string => `${k === 'lxc' ? 'ct' : 'vm'}:${vmid}`;

/**
 * Phoenix refuses to change the power state of an HA-managed guest: the HA stack owns it. For such a guest
 * `pct start` / `qm start` only asks the HA manager (`ha-manager set ct:N --state started`) in a worker and exits 0
 * (pve-container src/PVE/API2/LXC/Status.pm `vm_start` l.166-177: "Requesting HA start for CT N"; qemu-server
 * src/PVE/API2/Qemu.pm `vm_start` l.3631-3642), and `stop` queues a hard stop, `ha-manager crm-command stop ct:N 0`
 * (Status.pm `vm_stop` l.266-280, pve-ha-manager src/PVE/CLI/ha_manager.pm `stop`: `queue_crm_commands`);
 * the CRM and the node's LRM act later, if at all (pve-ha-manager src/PVE/HA/Manager.pm `next_state_*`), so a
 * `pct exec` right after fails. The request also rewrites the resource's requested state in the HA config. Phoenix
 * leaves that decision to the operator rather than wait on a manager that may be down, fenced or without quorum.
 * `facts.haManaged` comes from `<pveRoot>/ha/resources.cfg` (pve-ha-manager src/PVE/HA/Config.pm
 * `vm_is_ha_managed`: resources with `state ignored` behave as unmanaged).
 */
function refuseHa(facts: NodeFacts, k: GuestKind, vmid: string, want: 'started' | 'stopped', verb: string): void {
  if (!facts.haManaged?.includes(vmid)) return;
  const sid = haSid(k, vmid);
  throw new Error(
    `${label(k)} ${vmid} is managed by HA (${sid}): \`${tool(k)} ${verb} ${vmid}\` would only queue a request to the HA manager. `
    + `Use \`ha-manager set ${sid} --state ${want}\`, or remove it from HA (\`ha-manager remove ${sid}\`) to let Phoenix ${verb} it`,
  );
}

export function startTask<K extends GuestKind>(k: K): TaskDef<GuestRef, `${K}.start`> {
  return {
    ...common,
    name: `${k}.start`,
    mutates: true,
    bootOrder: 'start',
    owned: false,
    reread: 'guest-status',
    title: (p) => `${label(k)} ${p.vmid}: running`,
    plan(facts, p) {
      const g = present(facts, k, p.vmid);
      if (g.template) return noop('template: never started');
      if (g.status === 'running') return noop('running');
      refuseHa(facts, k, p.vmid, 'started', 'start');
      return act(runs(`start (${g.status})`), cmd([tool(k), 'start', p.vmid], { okIf: 'already running' }));
    },
  };
}

export function stopTask<K extends GuestKind>(k: K): TaskDef<GuestRef, `${K}.stop`> {
  return {
    ...common,
    name: `${k}.stop`,
    mutates: true,
    owned: false,
    reread: 'guest-status',
    title: (p) => `${label(k)} ${p.vmid}: stopped`,
    plan(facts, p) {
      const g = present(facts, k, p.vmid);
      if (g.status === 'stopped') return noop('stopped');
      refuseHa(facts, k, p.vmid, 'stopped', 'stop');
      return act(runs(`stop (${g.status})`), cmd([tool(k), 'stop', p.vmid], { okIf: 'not running' }));
    },
  };
}

export function deleteTask<K extends GuestKind>(k: K): TaskDef<GuestRef, `${K}.delete`> {
  return {
    ...common,
    name: `${k}.delete`,
    mutates: true,
    owned: true,
    reread: 'guest',
    title: (p) => `${label(k)} ${p.vmid}: absent`,
    plan(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) return noop('absent');
      if (g.type !== type(k)) throw new Error(`${p.vmid} on ${facts.node} is a ${g.type === 'lxc' ? 'CT' : 'VM'}, but the configuration says ${label(k)}`);
      // left locked by an interrupted create or clone (./interrupted.ts): destroy refuses any lock (pve-container
      // src/PVE/API2/LXC.pm:860 destroy_vm -> check_lock; qemu-server src/PVE/QemuServer.pm:1848 destroy_vm), so
      // unlock first, and take the volumes its config never named with it (`--destroy-unreferenced-disks`)
      const left = leftLock(g);
      const destroy = cmd([tool(k), 'destroy', p.vmid, '--purge', '1', ...(left ? ['--destroy-unreferenced-disks', '1'] : [])]);
      if (left) return act(remove(`unlock (left locked (${left.lock}) by an interrupted create or clone), then destroy`), cmd([tool(k), 'unlock', p.vmid], { okIf: UNLOCKED }), destroy);
      // stopped: `--purge` also removes it from the HA resources (pve-container src/PVE/API2/LXC.pm `destroy_vm`)
      if (g.status !== 'running') return act(remove('destroy'), destroy);
      // running: the stop would only be queued, and destroy refuses a running guest ("container is running")
      refuseHa(facts, k, p.vmid, 'stopped', 'stop');
      return act(remove('stop, then destroy'), cmd([tool(k), 'stop', p.vmid], { okIf: 'not running' }), destroy);
    },
  };
}
