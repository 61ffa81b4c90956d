// Desired VM state from the config (with vm_defaults), resolved into step params.
import type { Model, VmGuest } from '../inventory/model.js';
import { startupOf } from '../tasks/lxc/params.js';
import { ipconfigOf, type VmCreateParams, type VmSettings } from '../tasks/vm/params.js';

export { ipconfigOf, type VmCreateParams, type VmSettings } from '../tasks/vm/params.js';

export function vmSettings(model: Model, g: VmGuest): VmSettings {
  const c = g.config;
  const d = g.defaults;
  const s: VmSettings = {
    vmid: g.id,
    cores: c.cores ?? d.cores,
    memory: c.memory_mb ?? d.memory_mb,
    onboot: g.startAtBoot,
    cloudinit: true,
  };
  const startup = startupOf(g.bootOrder, g.bootDelay);
  if (startup) s.startup = startup;
  const ipc = ipconfigOf(c.network_config?.ip, c.network_config?.gw);
  if (ipc) s.ipconfig0 = ipc;
  if (c.network_config?.nameserver) s.nameserver = c.network_config.nameserver;
  const search = c.network_config?.searchdomain ?? (typeof model.hypervisor.domain_name === 'string' ? model.hypervisor.domain_name : undefined);
  if (search) s.searchdomain = search;
  return s;
}

function ubuntuRelease(model: Model): string {
  const d = model.hypervisor.vm_defaults as Record<string, unknown> | undefined;
  return typeof d?.ubuntu_release === 'string' ? d.ubuntu_release : 'noble';
}

export function vmCreateParams(model: Model, g: VmGuest): VmCreateParams {
  const c = g.config;
  const d = g.defaults;
  const p: VmCreateParams = {
    ...vmSettings(model, g),
    name: c.name,
    storage: c.storage_pool ?? d.storage_pool,
    bridge: c.network_bridge ?? d.network_bridge,
    diskGb: c.disk_size_gb ?? d.disk_size_gb,
    isTemplate: g.isTemplate,
  };
  if (c.user_config?.username) p.ciuser = c.user_config.username;
  if (g.cloneFrom) {
    p.clone = { from: g.cloneFrom };
    const src = model.guests.get(g.cloneFrom);
    if (src && src.node !== g.node) p.clone = { ...p.clone, node: src.node, target: model.inventory.nodes[g.node]?.pveNode ?? g.node };
  }
  else if (c.template_image) {
    p.image = {
      file: c.template_image,
      url: `https://cloud-images.ubuntu.com/${ubuntuRelease(model)}/current/${c.template_image}`,
    };
  }
  return p;
}
