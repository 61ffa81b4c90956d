// Which contract a CT's feature and health check run under (src/inventory/script-contracts.ts tells `validate`):
// `features/<name>.host.sh` (or `health/<x>.host.sh`) runs on the guest's node with argv [CTID] (the Bash original's
// contract, src/tasks/host-script.ts), else `features/<name>.sh` runs inside the guest (a VM's always does: the
// original's VM features of the same names ran inside VMs).
import { PlanError } from '../errors.js';
import type { HealthCheck } from '../inventory/config-types.js';
import type { LxcGuest, Model } from '../inventory/model.js';
import { hostFeatureRel, isHostScript } from '../inventory/script-contracts.js';
import type { HostHealthParams } from '../tasks/host-health.js';
import type { ChainItem } from './plan.js';
import { healthArgv, scriptRef, scriptTimeoutS } from './script-params.js';

/** The node facts a host-side script gets: the PVE node name and the inventory `env:` of the node. */
function nodeOf(model: Model, g: LxcGuest): { node: string; nodeEnv?: Record<string, string> } {
  const n = model.inventory.nodes[g.node];
  const env = n?.env;
  return { node: n?.pveNode ?? g.node, ...(env && Object.keys(env).length ? { nodeEnv: { ...env } } : {}) };
}

/** The chain item of feature `f` of CT `g` when it is host-side, else undefined (the in-guest feature). */
export function hostFeatureItem(model: Model, g: LxcGuest, f: string): ChainItem | undefined {
  const rel = hostFeatureRel(f);
  if (!model.scriptFiles?.[rel]) return undefined;
  const url = g.config.bootstrap_ca_url;
  return {
    task: 'lxc.host-feature', key: f,
    params: {
      vmid: g.id, name: f, script: rel, sha256: scriptRef(model, rel, g, `feature ${f}`).sha256, ...nodeOf(model, g),
      ...(url !== undefined && url !== '' ? { bootstrapCaUrl: url } : {}),
      timeoutS: scriptTimeoutS(g, 'features'),
    },
  };
}

/** A CT's health check as a host-side probe when its command names health/<x>.host.sh, else undefined. */
export function hostHealthParams(model: Model, g: LxcGuest, h: HealthCheck, onlyAfterChange: boolean): HostHealthParams | undefined {
  const { argv, rel } = healthArgv(model, h.command);
  if (rel === undefined || !isHostScript(rel)) return undefined;
  if (argv.length > 1) {
    throw new PlanError([`CT ${g.id}: health_check: ${rel} is a host-side check: it takes no arguments (it is run as '${argv[0]} ${g.id}')`]);
  }
  return {
    vmid: g.id, name: rel.split('/').pop() ?? rel, script: { path: rel, sha256: scriptRef(model, rel, g, 'health_check').sha256 }, ...nodeOf(model, g),
    retries: Math.max(1, h.retries ?? 3), intervalS: h.interval ?? 5, onlyAfterChange, timeoutS: scriptTimeoutS(g, 'health_check'),
  };
}
