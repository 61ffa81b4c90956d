// Every task kind, by name. Adding a task: its file, one line here, one line in its compile chain, one test file
// (ARCHITECTURE.md). The runner, the scheduler, the playbook loader and the compiler ask the definition; nothing
// else branches on a task's name.
import { appTask } from './app-script.js';
import { applyPendingTask } from './apply-pending.js';
import { diskTask } from './disk.js';
import { featureTask } from './feature.js';
import { firewallTask } from './firewall.js';
import { probeTask } from './health.js';
import { lxcHostFeature } from './host-feature.js';
import { hostProbeTask } from './host-health.js';
import { dcFirewall } from './host/dc-firewall.js';
import { nfsExports } from './host/nfs-exports.js';
import { hostPrerequisites } from './host/prerequisites.js';
import { pveStorage } from './host/pve-storage.js';
import { samba } from './host/samba.js';
import { hostUser } from './host/user.js';
import { zfsDataset } from './host/zfs-dataset.js';
import { zfsPool } from './host/zfs-pool.js';
import { hostTest } from './host-test.js';
import { lxcConfig } from './lxc/config.js';
import { lxcCreate } from './lxc/create.js';
import { lxcMounts } from './lxc/mounts.js';
import { lxcOsTemplate } from './lxc/ostemplate.js';
import { lxcRawConfig } from './lxc/raw-config.js';
import { deleteTask, startTask, stopTask } from './power.js';
import { snapshotTask } from './snapshot.js';
import type { TaskDef } from './types.js';
import { vmAgent } from './vm/agent.js';
import { vmConfig } from './vm/config.js';
import { vmCreate } from './vm/create.js';
import { vmTemplate } from './vm/template.js';
import { vmVolumes } from './vm/volumes.js';

const ALL = [
  lxcCreate, lxcConfig, lxcRawConfig, firewallTask('lxc'), diskTask('lxc'), lxcMounts, startTask('lxc'), stopTask('lxc'),
  deleteTask('lxc'), snapshotTask('lxc'), featureTask('lxc'), appTask('lxc'), probeTask('lxc', 'health'), probeTask('lxc', 'test'),
  vmCreate, vmConfig, diskTask('vm'), firewallTask('vm'), vmTemplate, startTask('vm'), stopTask('vm'), deleteTask('vm'),
  vmAgent, vmVolumes, snapshotTask('vm'), featureTask('vm'), probeTask('vm', 'health'), probeTask('vm', 'test'),
  hostTest, zfsPool, zfsDataset, pveStorage, nfsExports, samba, hostUser, dcFirewall,
  applyPendingTask('lxc'), applyPendingTask('vm'),
  hostPrerequisites, lxcOsTemplate,
  lxcHostFeature, hostProbeTask('health'), hostProbeTask('test'),
] as const;

type AnyTask = (typeof ALL)[number];
export type TaskName = AnyTask['name'];
type ParamsMap = { [T in AnyTask as T['name']]: T extends TaskDef<infer P, string> ? P : never };
/** The params type of a task kind, from its definition (a union of kinds gives the union of their params). */
export type ParamsOf<N extends TaskName> = ParamsMap[N];

const BY_NAME = new Map<string, AnyTask>(ALL.map((t) => [t.name, t]));

export const TASK_NAMES: readonly TaskName[] = ALL.map((t) => t.name);

export const isTaskName = (name: string): name is TaskName => BY_NAME.has(name);

/** The definition of a task kind. */
export function taskFor<N extends TaskName>(name: N): TaskDef<ParamsOf<N>, N> {
  const t = BY_NAME.get(name);
  if (!t) throw new Error(`unknown task kind '${name}'`);
  // BY_NAME is built from ALL by each definition's own name, so the entry for N is the definition named N.
  return t as unknown as TaskDef<ParamsOf<N>, N>;
}

/** Every definition, for the playbook schema and the registry tests. */
export const allTasks = (): readonly AnyTask[] => ALL;
