// The plan is data: `phoenix plan --format json` prints exactly this; the YAML playbook is the same document.
export interface Step {
  /** Unique, stable: `<guest>:<task>` or `<node>:<task>:<key>` for host steps. */
  id: string;
  node: string;
  guest?: string;
  /** Task kind name, e.g. `lxc.create`. */
  task: string;
  /** Everything the task needs: the resolved desired values, so a playbook runs without the config. */
  params: Record<string, unknown>;
  /** Step ids this one waits for. */
  after: string[];
}

export interface Plan {
  verb: string;
  targets: string[];
  steps: Step[];
  /** Model.hash of the configuration it was compiled from. */
  configHash?: string;
  /** Guests pulled in as missing prerequisites, and other plan-time remarks. */
  notes?: string[];
}
