// Desired LXC state from the config, resolved into plain step params (the playbook carries them).
import type { LxcGuest, Model } from '../inventory/model.js';

export interface LxcNet { name: string; bridge: string; ip: string; gw?: string; hwaddr?: string; firewall?: boolean }

export interface LxcSettings {
  vmid: string;
  memory: number;
  cores: number;
  swap?: number;
  onboot: boolean;
  startup?: string;
  net0: LxcNet;
  nameserver?: string;
  features?: string;
}

export interface LxcCreateParams extends LxcSettings {
  hostname: string;
  storage: string;
  rootfsGb: number;
  unprivileged: boolean;
  /** OS template: a volid (`local:vztmpl/x.tar.zst`) or an absolute path on the node. */
  template?: string;
  /** `node`: where the source lives, when not on this guest's node (then the clone runs there with --target). */
  clone?: { from: string; snapname: string; node?: string; target?: string };
}

export function startupOf(order: number | undefined, delay: number | undefined): string | undefined {
  if (order === undefined && delay === undefined) return undefined;
  const parts: string[] = [];
  if (order !== undefined) parts.push(`order=${order}`);
  if (delay !== undefined) parts.push(`up=${delay}`, `down=${delay}`);
  return parts.join(',');
}

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
  const p: LxcCreateParams = {
    ...lxcSettings(g),
    hostname: c.name,
    storage: c.storage_pool,
    rootfsGb: c.storage_size_gb,
    unprivileged: c.unprivileged !== false,
  };
  if (g.cloneFrom) {
    const src = model.guests.get(g.cloneFrom);
    p.clone = { from: g.cloneFrom, snapname: src?.templateSnapshot ?? '' };
    if (src && src.node !== g.node) p.clone = { ...p.clone, node: src.node, target: model.inventory.nodes[g.node]?.pveNode ?? g.node };
  } else if (c.template) {
    p.template = c.template;
  }
  return p;
}

/** `name=eth0,bridge=vmbr0,...` in the order PVE prints it (name first, then sorted keys). */
export function net0String(n: LxcNet): string {
  const kv: [string, string][] = [['bridge', n.bridge]];
  if (n.firewall) kv.push(['firewall', '1']);
  if (n.gw) kv.push(['gw', n.gw]);
  if (n.hwaddr) kv.push(['hwaddr', n.hwaddr]);
  kv.push(['ip', n.ip], ['type', 'veth']);
  return [`name=${n.name}`, ...kv.map(([k, v]) => `${k}=${v}`)].join(',');
}
