// Host-side features: `<scripts>/features/<name>.host.sh`, the Bash original's feature contract (its lxc-manager.sh
// apply_features ran `SCRIPT CTID [bootstrap_ca_url]` on the node; the script acts in the CT with pct exec/push/pull).
// Run on the guest's node by host-script.ts (argv `[CTID]`, plus bootstrap_ca_url only when the guest configures
// one). The record is the in-guest feature's (feature.ts): name + short hash as a tag in the CT's own config, so a
// re-run is a no-op, a clone inherits its source's record (PVE copies `tags` into snapshot sections, and
// `pct clone --snapname` builds the clone from that section: pve-guest-common src/PVE/AbstractConfig.pm:691
// __snapshot_copy_config skips only snapshot bookkeeping, `lock`, `digest`, `description`, unusedN) and a changed
// script runs again. Only CTs: the original's VM features ran inside the VM (its §3.6), and so do Phoenix's.
import { DEFAULT_TIMEOUT_S } from './bounded-exec.js';
import { guestOf } from './facts.js';
import { hostScriptArgs, hostScriptCommand } from './host-script.js';
import { int, nodeNameSchema, obj, scriptSchema, str, strMap, vmidSchema } from './schema.js';
import { appliedFeatures, joinTags, OWNER_TAG, splitTags, withFeature } from './tags.js';
import { act, cmd, noop, runs, type TaskDef } from './types.js';

export interface HostFeatureParams {
  vmid: string;
  name: string;
  /** features/<name>.host.sh, relative to the scripts dir, and the sha256 the plan is made with. */
  script: string;
  sha256: string;
  /** The PVE node the CT runs on: PHOENIX_NODE. */
  node: string;
  /** The guest's `bootstrap_ca_url`: the script's second argument, only when set. */
  bootstrapCaUrl?: string;
  /** The inventory `env:` of the node (a local node's environment, e.g. a simulated node's PVE_SIM_DIR). */
  nodeEnv?: Record<string, string>;
  /** Bound of the run on the node, in seconds (default DEFAULT_TIMEOUT_S.features). */
  timeoutS?: number;
}

export const lxcHostFeature: TaskDef<HostFeatureParams, 'lxc.host-feature'> = {
  name: 'lxc.host-feature',
  schema: obj({
    vmid: vmidSchema, name: str({ pattern: '^[A-Za-z0-9_.-]+$' }), script: scriptSchema.path, sha256: scriptSchema.sha256,
    node: nodeNameSchema, bootstrapCaUrl: str({ pattern: '^[^\\x00-\\x1f\\x7f]+$' }), nodeEnv: strMap(), timeoutS: int({ minimum: 1 }),
  }, ['vmid', 'name', 'script', 'sha256', 'node']),
  mutates: true,
  reconfigure: true,
  owned: true,
  reread: 'guest',
  guests: (p) => [p.vmid],
  title: (p) => `CT ${p.vmid}: feature ${p.name} (host-side)`,
  plan(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) throw new Error(`CT ${p.vmid} does not exist on ${facts.node}`);
    const current = splitTags(g.config.tags);
    const have = appliedFeatures(current).get(p.name.toLowerCase());
    const want = p.sha256.slice(0, 8);
    if (have === want) return noop(`applied (${want})`);
    // the record replaces this feature's old one and keeps every other tag, the owner tag too (feature.ts says why)
    const tags = joinTags(withFeature([...current, OWNER_TAG], p.name, p.sha256));
    return act(
      runs(have ? `script changed (${have} -> ${want}): run again on the node` : `run ${p.name} on the node`),
      hostScriptCommand({
        vmid: p.vmid, node: p.node, ...(p.nodeEnv !== undefined ? { nodeEnv: p.nodeEnv } : {}),
        script: { file: p.script, sha256: p.sha256 }, args: hostScriptArgs(p.vmid, p.bootstrapCaUrl),
        label: `host feature ${p.name} for CT ${p.vmid}`,
        timeoutS: p.timeoutS ?? DEFAULT_TIMEOUT_S.features,
        log: `running ${p.name} on node ${p.node} for CT ${p.vmid}`,
        what: `host-side feature ${p.name} for CT ${p.vmid}`,
      }),
      cmd(['pct', 'set', p.vmid, '--tags', tags]),
    );
  },
};
