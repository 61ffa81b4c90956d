// PURE: the `setup` verb's host steps for every inventory node, from the hypervisor config.
// Per node: pools -> datasets -> storages; users; exports and samba after the datasets; the datacenter firewall.
// Cluster-wide objects (storages, datacenter firewall) are chained across nodes, so nodes never race on them.
import { PlanError } from '../errors.js';
import type { Model, NodeSpec } from '../inventory/model.js';
import { exportsParams, firewallParams, sambaParams, userParams } from '../tasks/host/desired-services.js';
import { datasets, poolParams, storageParams } from '../tasks/host/desired-zfs.js';
import { hostRootOf, isLiveRoot } from '../tasks/host/host-root.js';
import type { Step } from './plan.js';

export interface SetupOptions { wipeDisks: boolean }

export const hostStepId = (node: string, kind: string, key: string): string => `${node}:host.${kind}:${key}`;

function nodeSteps(model: Model, spec: NodeSpec, opts: SetupOptions, prev: Map<string, string>, problems: string[]): Step[] {
  const hv = model.hypervisor;
  const node = spec.name;
  const root = hostRootOf(spec);
  const live = isLiveRoot(root);
  const steps: Step[] = [];
  const add = (kind: string, key: string, params: object, after: string[]): string => {
    const id = hostStepId(node, kind, key);
    steps.push({ id, node, task: `host.${kind}`, params: { ...params }, after: [...new Set(after)] });
    return id;
  };
  const poolStep = new Map<string, string>();
  for (const p of poolParams(hv, opts.wipeDisks, problems)) poolStep.set(p.pool, add('zfs-pool', p.pool, p, []));
  const dsSteps: string[] = [];
  const wants = datasets(hv);
  const dsStep = new Map<string, string>();
  for (const d of wants) {
    const id = add('zfs-dataset', d.params.dataset, d.params, poolStep.has(d.pool) ? [poolStep.get(d.pool)!] : []);
    dsStep.set(d.params.dataset, id);
    dsSteps.push(id);
  }
  const storageCfg = `${spec.pveRoot.replace(/\/+$/, '')}/storage.cfg`;
  for (const d of wants) {
    const s = storageParams(hv, d, storageCfg, problems);
    if (!s) continue;
    const before = prev.get(`storage:${s.storage}`);
    prev.set(`storage:${s.storage}`, add('pve-storage', s.storage, s, [dsStep.get(d.params.dataset)!, ...(before ? [before] : [])]));
  }
  const userStep = new Map<string, string>();
  for (const u of userParams(hv, root)) userStep.set(u.user, add('user', u.user, u, []));
  add('nfs-exports', 'exports', exportsParams(hv, root, live), dsSteps);
  const smb = sambaParams(hv, root, live, problems);
  add('samba', 'smb.conf', smb, [...dsSteps, ...(smb.user && userStep.has(smb.user) ? [userStep.get(smb.user)!] : [])]);
  const fw = firewallParams(hv, problems);
  if (fw) {
    const before = prev.get('firewall');
    prev.set('firewall', add('dc-firewall', 'cluster', fw, before ? [before] : []));
  }
  return steps;
}

/** Host steps for every inventory node (nodes by name), in a valid topological order. */
export function setupSteps(model: Model, opts: SetupOptions): Step[] {
  const problems: string[] = [];
  const prev = new Map<string, string>();
  const steps: Step[] = [];
  const nodes = Object.values(model.inventory.nodes).sort((a, b) => a.name.localeCompare(b.name));
  for (const spec of nodes) steps.push(...nodeSteps(model, spec, opts, prev, problems));
  const unique = [...new Set(problems)];
  if (unique.length) throw new PlanError(unique);
  return steps;
}
