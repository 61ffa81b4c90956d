// The converge chain of a VM: defined -> configuration -> disk -> firewall -> template | started -> agent ->
// NFS volumes -> features -> health -> snapshot. No verb ever starts a template.
import type { Model, VmGuest } from '../inventory/model.js';
import { healthParams, scriptRefParams, type ChainOptions } from './lxc-chain.js';
import type { ChainItem } from './plan.js';
import { scriptTimeoutS } from './script-params.js';
import { vmCreateParams, vmSettings } from './vm-params.js';

export function vmChain(model: Model, g: VmGuest, opts: ChainOptions = {}): ChainItem[] {
  const c = g.config;
  const node = model.inventory.nodes[g.node];
  const items: ChainItem[] = [
    { task: 'vm.create', params: { ...vmCreateParams(model, g), ...(opts.recreate ? { recreate: true } : {}), ...(opts.mustExist ? { mustExist: true } : {}) } },
    { task: 'vm.config', params: { ...vmSettings(model, g), name: c.name, ...(c.firewall ? { firewall: c.firewall.enabled } : {}) } },
    { task: 'vm.disk', params: { vmid: g.id, disk: 'scsi0', sizeGb: c.disk_size_gb ?? g.defaults.disk_size_gb } },
  ];
  if (c.firewall) items.push({ task: 'vm.firewall', params: { vmid: g.id, pveNode: node?.pveNode ?? g.node, enabled: c.firewall.enabled, rules: c.firewall.rules ?? [] } });
  if (g.isTemplate) {
    items.push({ task: 'vm.template', params: { vmid: g.id } });
    return items;
  }
  items.push({ task: 'vm.start', params: { vmid: g.id } });
  if (opts.applyPending) items.push({ task: 'vm.apply-pending', params: { vmid: g.id } });
  items.push({ task: 'vm.agent', params: { vmid: g.id, pingTimeoutS: 300, execTimeoutS: 120, intervalMs: 2000 } });
  const nfs = (c.volumes ?? []).filter((v) => v.type === 'nfs');
  if (nfs.length) items.push({ task: 'vm.volumes', params: { vmid: g.id, volumes: nfs } });
  for (const f of g.features) {
    items.push({ task: 'vm.feature', key: f, params: { vmid: g.id, kind: 'vm', name: f, ...scriptRefParams(model, `features/${f}.sh`, g, `feature ${f}`), timeoutS: scriptTimeoutS(g, 'features') } });
  }
  if (c.health_check) items.push({ task: 'vm.health', params: healthParams(model, g, c.health_check, true) });
  if (g.templateSnapshot) items.push({ task: 'vm.snapshot', key: g.templateSnapshot, params: { vmid: g.id, name: g.templateSnapshot } });
  return items;
}
