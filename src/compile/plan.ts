// The plan is data: `phoenix plan --format json` prints exactly this; the YAML playbook is the same document.
import type { ParamsOf, TaskName } from '../tasks/registry.js';

export interface StepOf<N extends TaskName> {
  /** Unique, stable: `<guest>:<task>` or `<node>:<task>:<key>` for host steps. */
  id: string;
  node: string;
  /** For display and grouping only: what a step acts on comes from its params (the task's `guests`). */
  guest?: string;
  /** Task kind name, e.g. `lxc.create`. */
  task: N;
  /** Everything the task needs: the resolved desired values, so a playbook runs without the config. */
  params: ParamsOf<N>;
  /** Step ids this one waits for. */
  after: string[];
  /** The step of a guest pulled in for the targets, not a target itself: see {@link Prerequisite}. */
  prerequisite?: Prerequisite;
}

/**
 * A prerequisite's step (create/LetsGo --limit): nothing to do while the guest is as far as its dependants need it
 * (src/compile/prerequisite-gate.ts): it exists, carries the template snapshot they clone from (a VM template is
 * converted), bears a record of each feature and of its application script (its build ran to the end), and none of
 * its steps changed anything in this run. Else the step plans as any other: a missing prerequisite is built.
 */
export interface Prerequisite {
  /** The targets that need it. */
  of: string[];
  snapshot?: string;
  template?: boolean;
  features?: string[];
  app?: boolean;
}

/** A step of any task kind: `task` and `params` are correlated (each kind's params type). */
export type Step = { [N in TaskName]: StepOf<N> }[TaskName];

/** A task and its params, correlated: what a compile chain emits for one step. */
export type TaskCall = { [N in TaskName]: { task: N; params: ParamsOf<N> } }[TaskName];
/** One item of a guest's chain: a task call and the key that tells repeated tasks apart (`lxc.feature:nvidia`). */
export type ChainItem = TaskCall & { key?: string };

export interface Plan {
  verb: string;
  targets: string[];
  /** Compile options the verb used (those its entry in compile/targets.ts VERB_TABLE lists); a playbook is recompiled with them. */
  all?: boolean;
  suite?: string;
  wipeDisks?: boolean;
  applyPending?: boolean;
  recreate?: boolean;
  steps: Step[];
  /** Model.hash of the configuration it was compiled from. */
  configHash?: string;
  /** Playbook files only (`plan -o`): the phoenix config it was compiled from, relative to the playbook's directory,
   * so that `phoenix run <playbook>` finds it from any directory (-c overrides). */
  config?: string;
  /** Guests pulled in as missing prerequisites, and other plan-time remarks. */
  notes?: string[];
}
