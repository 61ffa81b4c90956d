// Desired LXC state from the config, resolved into plain step params (the playbook carries them).
import type { LxcGuest, Model } from '../inventory/model.js';
import { startupOf, type LxcCreateParams, type LxcNet, type LxcSettings } from '../tasks/lxc/params.js';

export type { LxcCreateParams, LxcNet, LxcSettings } from '../tasks/lxc/params.js';

export function lxcSettings(g: LxcGuest): LxcSettings {
  const c = g.config;
  const n = c.network_config;
  const net0: LxcNet = { name: n.name, bridge: n.bridge, ip: n.ip };
  if (n.gw) net0.gw = n.gw;
  if (c.mac_address) net0.hwaddr = c.mac_address.toUpperCase();
  if (c.firewall?.enabled !== undefined) net0.firewall = c.firewall.enabled;
  const s: LxcSettings = { vmid: g.id, memory: c.memory_mb, cores: c.cores, onboot: g.startAtBoot, net0 };
  if (c.swap_mb !== undefined) s.swap = c.swap_mb;
  const startup = startupOf(g.bootOrder, g.bootDelay);
  if (startup) s.startup = startup;
  if (n.nameservers) s.nameserver = n.nameservers;
  if (c.pct_options?.length) s.features = c.pct_options.join(',');
  return s;
}

export function lxcCreateParams(model: Model, g: LxcGuest): LxcCreateParams {
  const c = g.config;
  // the settings object extended in place (a copy per guest adds up over 50 000 guests); keys keep this order
  const p = lxcSettings(g) as LxcCreateParams;
  p.hostname = c.name;
  p.storage = c.storage_pool;
  p.rootfsGb = c.storage_size_gb;
  p.unprivileged = c.unprivileged !== false;
  if (g.cloneFrom) {
    const src = model.guests.get(g.cloneFrom);
    p.clone = { from: g.cloneFrom, snapname: src?.templateSnapshot ?? '' };
    if (src && src.node !== g.node) p.clone = { ...p.clone, node: src.node, target: model.inventory.nodes[g.node]?.pveNode ?? g.node };
  } else if (c.template) {
    p.template = c.template;
  }
  return p;
}
