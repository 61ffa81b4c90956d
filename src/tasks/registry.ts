// Task kinds by name: the runner and the playbook loader look them up here.
import { lxcConfig } from './lxc/config.js';
import { lxcCreate } from './lxc/create.js';
import { lxcDelete } from './lxc/delete.js';
import { lxcSnapshot } from './lxc/snapshot.js';
import { lxcStart } from './lxc/start.js';
import { lxcStop } from './lxc/stop.js';
import type { TaskDef } from './types.js';
import { vmConfig } from './vm/config.js';
import { vmCreate } from './vm/create.js';
import { vmDelete } from './vm/delete.js';
import { vmStart } from './vm/start.js';
import { vmStop } from './vm/stop.js';
import { vmTemplate } from './vm/template.js';

// Params are validated by the compiler (or the playbook schema); the registry erases their types.
type AnyTask = TaskDef<never>;
const ALL: AnyTask[] = [lxcCreate, lxcConfig, lxcStart, lxcStop, lxcDelete, lxcSnapshot, vmCreate, vmConfig, vmStart, vmStop, vmDelete, vmTemplate];

export const TASKS: ReadonlyMap<string, TaskDef<Record<string, unknown>>> = new Map(
  ALL.map((t) => [t.name, t as unknown as TaskDef<Record<string, unknown>>]),
);

export function taskFor(name: string): TaskDef<Record<string, unknown>> {
  const t = TASKS.get(name);
  if (!t) throw new Error(`unknown task kind '${name}'`);
  return t;
}
