// GET /nodes/{node}/network [--type T] (pve-manager PVE/API2/Network.pm `index`): the interfaces of the node's
// /etc/network/interfaces (PVE::INotify `read_etc_network_interfaces`), loopback left out; `any_bridge` keeps the
// Linux and OVS bridges (SDN vnets, which real PVE adds too, are not simulated). A fresh node has the installer's
// vmbr0 (core/host-files.ts).
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { readText } from '../core/fsx.js';

type Obj = Record<string, unknown>;

/** The `iface` stanzas of an interfaces file: name, method, autostart and options (bridge-ports, address, ...). */
export function parseInterfaces(text: string): Obj[] {
  const auto = new Set<string>();
  const out: Obj[] = [];
  let cur: Obj | undefined;
  let priority = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [word, ...rest] = line.split(/\s+/);
    if (word === 'auto' || word === 'allow-hotplug') { for (const n of rest) auto.add(n); cur = undefined; continue; }
    if (word === 'iface') {
      const [name, family, method] = rest;
      cur = { iface: name, method: method ?? 'manual', families: [family ?? 'inet'], priority: ++priority };
      out.push(cur);
      continue;
    }
    if (word === 'source' || word === 'mapping') { cur = undefined; continue; }
    if (cur && word) cur[word.replace(/-/g, '_')] = rest.join(' ');
  }
  for (const i of out) {
    const name = String(i['iface']);
    i['type'] = i['ovs_type'] === 'OVSBridge' ? 'OVSBridge' : i['bridge_ports'] !== undefined ? 'bridge'
      : name === 'lo' ? 'loopback' : /^(eth|en|eno|ens|enp)\w*$/.test(name) ? 'eth' : 'unknown';
    if (auto.has(name)) i['autostart'] = 1;
    i['active'] = 1;
    const addr = typeof i['address'] === 'string' ? /^([^/]+)\/(\d+)$/.exec(i['address']) : null;
    if (addr) { i['cidr'] = i['address']; i['address'] = addr[1]; i['netmask'] = addr[2]; }
    i['method6'] ??= 'manual';
  }
  return out;
}

export function networkIndex(ctx: Ctx, m: RegExpExecArray, opts: Record<string, string>): Obj[] {
  const node = m[1] as string;
  if (node !== ctx.env.node) die(`hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known`);
  const all = parseInterfaces(readText(join(ctx.env.hostDir, 'etc/network/interfaces')) ?? '').filter((i) => i['iface'] !== 'lo');
  const t = opts['type'];
  if (!t) return all;
  return all.filter((i) => (/^any(_local)?_bridge$/.test(t) ? i['type'] === 'bridge' || i['type'] === 'OVSBridge' : i['type'] === t));
}
