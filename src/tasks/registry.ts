// Task kinds by name: the runner and the playbook loader look them up here.
import { appTask } from './app-script.js';
import { diskTask } from './disk.js';
import { featureTask } from './feature.js';
import { firewallTask } from './firewall.js';
import { probeTask } from './health.js';
import { HOST_TASKS } from './host/index.js';
import { hostTest } from './host-test.js';
import { lxcConfig } from './lxc/config.js';
import { lxcCreate } from './lxc/create.js';
import { lxcDelete } from './lxc/delete.js';
import { lxcMounts } from './lxc/mounts.js';
import { lxcRawConfig } from './lxc/raw-config.js';
import { lxcSnapshot } from './lxc/snapshot.js';
import { lxcStart } from './lxc/start.js';
import { lxcStop } from './lxc/stop.js';
import { snapshotTask } from './snapshot.js';
import type { TaskDef } from './types.js';
import { vmAgent } from './vm/agent.js';
import { vmConfig } from './vm/config.js';
import { vmCreate } from './vm/create.js';
import { vmDelete } from './vm/delete.js';
import { vmStart } from './vm/start.js';
import { vmStop } from './vm/stop.js';
import { vmTemplate } from './vm/template.js';
import { vmVolumes } from './vm/volumes.js';

// Params are validated by the compiler (or the playbook schema); the registry erases their types.
type AnyTask = TaskDef<never>;
const GUEST_TASKS: AnyTask[] = [
  lxcCreate, lxcConfig, lxcRawConfig, firewallTask('lxc'), diskTask('lxc'), lxcMounts, lxcStart, lxcStop, lxcDelete,
  lxcSnapshot, featureTask('lxc'), appTask('lxc'), probeTask('lxc', 'health'), probeTask('lxc', 'test'),
  vmCreate, vmConfig, diskTask('vm'), firewallTask('vm'), vmTemplate, vmStart, vmStop, vmDelete, vmAgent, vmVolumes,
  snapshotTask('vm'), featureTask('vm'), probeTask('vm', 'health'), probeTask('vm', 'test'), hostTest,
];

export const TASKS: ReadonlyMap<string, TaskDef<Record<string, unknown>>> = new Map(
  [...GUEST_TASKS, ...(HOST_TASKS as AnyTask[])].map((t) => [t.name, t as unknown as TaskDef<Record<string, unknown>>]),
);

export function taskFor(name: string): TaskDef<Record<string, unknown>> {
  const t = TASKS.get(name);
  if (!t) throw new Error(`unknown task kind '${name}'`);
  return t;
}
