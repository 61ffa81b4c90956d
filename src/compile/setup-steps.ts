// PURE: the `setup` verb's host steps for every inventory node, from the hypervisor config.
// Per node: pools -> datasets -> storages; users; exports and samba after the datasets; the datacenter firewall.
// Cluster-wide objects (storages, datacenter firewall) are chained across nodes, so nodes never race on them.
import { PlanError } from '../errors.js';
import type { Model, NodeSpec } from '../inventory/model.js';
import { exportsParams, firewallParams, sambaParams, userParams } from '../tasks/host/desired-services.js';
import { datasets, poolParams, storageParams } from '../tasks/host/desired-zfs.js';
import { hostRootOf } from '../tasks/host/host-root.js';
import type { Step, TaskCall } from './plan.js';

export interface SetupOptions {
  wipeDisks: boolean;
  /** `setup --limit pve2`: only these inventory nodes (default: every node). */
  nodes?: readonly string[];
}

/** A host task and its params, correlated (`{ task: 'host.samba', params: SambaParams }`). */
type HostCall = Extract<TaskCall, { task: `host.${string}` }>;

export const hostStepId = (node: string, kind: string, key: string): string => `${node}:host.${kind}:${key}`;

function nodeSteps(model: Model, spec: NodeSpec, opts: SetupOptions, prev: Map<string, string>, problems: string[]): Step[] {
  const hv = model.hypervisor;
  const node = spec.name;
  const root = hostRootOf(spec);
  const steps: Step[] = [];
  const add = (call: HostCall, key: string, after: string[]): string => {
    const id = hostStepId(node, call.task.slice('host.'.length), key);
    steps.push({ id, node, ...call, after: [...new Set(after)] });
    return id;
  };
  const poolStep = new Map<string, string>();
  for (const p of poolParams(hv, opts.wipeDisks, problems)) poolStep.set(p.pool, add({ task: 'host.zfs-pool', params: p }, p.pool, []));
  const dsSteps: string[] = [];
  const wants = datasets(hv);
  const dsStep = new Map<string, string>();
  for (const d of wants) {
    const pool = poolStep.get(d.pool);
    const id = add({ task: 'host.zfs-dataset', params: d.params }, d.params.dataset, pool ? [pool] : []);
    dsStep.set(d.params.dataset, id);
    dsSteps.push(id);
  }
  for (const d of wants) {
    const s = storageParams(hv, d, problems);
    if (!s) continue;
    const before = prev.get(`storage:${s.storage}`);
    const ds = dsStep.get(d.params.dataset);
    prev.set(`storage:${s.storage}`, add({ task: 'host.pve-storage', params: s }, s.storage, [...(ds ? [ds] : []), ...(before ? [before] : [])]));
  }
  const userStep = new Map<string, string>();
  for (const u of userParams(hv, root, problems)) userStep.set(u.user, add({ task: 'host.user', params: u }, u.user, []));
  add({ task: 'host.nfs-exports', params: exportsParams(hv, root) }, 'exports', dsSteps);
  const smb = sambaParams(hv, root, problems);
  const smbUser = smb.user !== undefined ? userStep.get(smb.user) : undefined;
  add({ task: 'host.samba', params: smb }, 'smb.conf', [...dsSteps, ...(smbUser ? [smbUser] : [])]);
  const fw = firewallParams(hv, problems);
  if (fw) {
    const before = prev.get('firewall');
    prev.set('firewall', add({ task: 'host.dc-firewall', params: fw }, 'cluster', before ? [before] : []));
  }
  return steps;
}

/** Host steps for every inventory node (or those of `opts.nodes`; nodes by name), in a valid topological order. */
export function setupSteps(model: Model, opts: SetupOptions): Step[] {
  const problems: string[] = [];
  const prev = new Map<string, string>();
  const steps: Step[] = [];
  const nodes = Object.values(model.inventory.nodes).filter((n) => !opts.nodes || opts.nodes.includes(n.name)).sort((a, b) => a.name.localeCompare(b.name));
  for (const spec of nodes) steps.push(...nodeSteps(model, spec, opts, prev, problems));
  const unique = [...new Set(problems)];
  if (unique.length) throw new PlanError(unique);
  return steps;
}
