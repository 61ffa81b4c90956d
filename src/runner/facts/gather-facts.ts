// One state read per node: the guest list from /cluster/resources and every config file of the node in one exec.
import type { NodeSpec } from '../../inventory/model.js';
import type { GuestFacts, GuestType, NodeFacts } from '../../tasks/facts.js';
import type { Connection } from '../connection.js';
import { parseFwFile, ruleFromApi } from '../../tasks/firewall-rules.js';
import { hostRootOf } from '../../tasks/host/host-root.js';
import { guestFromConf, parseConf } from './parse-conf.js';
import { parsePctList, parseQmList, parseResources, type Resource } from './parse-resources.js';

const SEP = '\x1e';
/** Prints `<RS>lxc/100.conf` then the file, for every guest config of the node directory given as $1. */
const READ_CONFIGS = `for f in "$2"/*.fw; do [ -f "$f" ] || continue; printf '${SEP}fw/%s\\n' "\${f##*/}"; cat "$f"; done
cd "$1" 2>/dev/null || exit 0
for f in lxc/*.conf qemu-server/*.conf; do [ -f "$f" ] || continue; printf '${SEP}%s\\n' "$f"; cat "$f"; done`;
/** One guest's config file (either kind) and its firewall file, for refresh after an act (cat only, no tool call). */
const READ_ONE = `d="$1"; id="$2"
if [ -f "$d/lxc/$id.conf" ]; then printf '${SEP}lxc\\n'; cat "$d/lxc/$id.conf"
elif [ -f "$d/qemu-server/$id.conf" ]; then printf '${SEP}qemu\\n'; cat "$d/qemu-server/$id.conf"; fi
if [ -f "$3/$id.fw" ]; then printf '${SEP}fw\\n'; cat "$3/$id.fw"; fi`;

/** Node-side locations from the inventory: pmxcfs root, host filesystem root (sim: `<stateDir>/host`), images. */
export function nodePaths(spec: NodeSpec): NodeFacts['paths'] {
  return { pveRoot: spec.pveRoot, hostRoot: hostRootOf(spec), imageDir: spec.imageDir };
}

const firewallDir = (spec: NodeSpec): string => `${spec.pveRoot.replace(/\/+$/, '')}/firewall`;

export const nodeDir = (spec: NodeSpec): string => `${spec.pveRoot.replace(/\/+$/, '')}/nodes/${spec.pveNode}`;

export interface NodeFiles { configs: Map<string, { type: GuestType; text: string }>; firewall: Map<string, string> }

export function splitConfigs(out: string): NodeFiles {
  const files: NodeFiles = { configs: new Map(), firewall: new Map() };
  for (const chunk of out.split(SEP).slice(1)) {
    const nl = chunk.indexOf('\n');
    const head = chunk.slice(0, nl);
    const m = /^(lxc|qemu-server)\/(\d+)\.conf$/.exec(head);
    if (m) files.configs.set(m[2]!, { type: m[1] === 'lxc' ? 'lxc' : 'qemu', text: chunk.slice(nl + 1) });
    const fw = /^fw\/(\d+)\.fw$/.exec(head);
    if (fw) files.firewall.set(fw[1]!, chunk.slice(nl + 1));
  }
  return files;
}

async function listGuests(conn: Connection, spec: NodeSpec): Promise<Resource[]> {
  const r = await conn.exec(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json']);
  if (r.code === 0) return parseResources(r.stdout);
  const [pct, qm] = await Promise.all([conn.exec(['pct', 'list']), conn.exec(['qm', 'list'])]);
  if (pct.code !== 0 && qm.code !== 0) throw new Error(`cannot list guests on ${spec.name}: ${r.stderr.trim() || pct.stderr.trim()}`);
  return [...parsePctList(pct.stdout, spec.pveNode), ...parseQmList(qm.stdout, spec.pveNode)];
}

/** Status and config through the CLI, for a node whose config files Phoenix cannot read. */
async function viaCli(conn: Connection, r: Resource): Promise<GuestFacts> {
  const tool = r.type === 'lxc' ? 'pct' : 'qm';
  const fw = `/nodes/${r.node}/${r.type === 'lxc' ? 'lxc' : 'qemu'}/${r.vmid}/firewall`;
  const [cfg, snaps, rules, options] = await Promise.all([
    conn.exec([tool, 'config', r.vmid]), conn.exec([tool, 'listsnapshot', r.vmid]),
    conn.exec(['pvesh', 'get', `${fw}/rules`, '--output-format', 'json']), conn.exec(['pvesh', 'get', `${fw}/options`, '--output-format', 'json']),
  ]);
  const g = guestFromConf(r.vmid, r.type, r.node, cfg.stdout, r.status);
  g.snapshots = snaps.stdout.split('\n').map((l) => /^\s*(?:`->\s*)?(\S+)/.exec(l)?.[1]).filter((s): s is string => !!s && s !== 'current').sort();
  if (r.template) g.template = true;
  try {
    const list = JSON.parse(rules.stdout || '[]') as Record<string, unknown>[];
    const opts = JSON.parse(options.stdout || '{}') as Record<string, unknown>;
    if (rules.code === 0 && Array.isArray(list)) {
      g.firewall = {
        options: Object.fromEntries(Object.entries(opts).filter(([k]) => k !== 'digest').map(([k, v]) => [k, String(v)])),
        rules: [...list].sort((a, b) => Number(a.pos) - Number(b.pos)).map(ruleFromApi),
      };
    }
  } catch { /* firewall unknown: the firewall task then compares against nothing and says so */ }
  return g;
}

export async function gatherFacts(conn: Connection, spec: NodeSpec): Promise<NodeFacts> {
  const [resources, read] = await Promise.all([
    listGuests(conn, spec),
    conn.exec(['sh', '-c', READ_CONFIGS, 'phoenix-facts', nodeDir(spec), firewallDir(spec)]).then((r) => splitConfigs(r.stdout)),
  ]);
  const files = read.configs;
  const cliOnly = files.size === 0 && resources.some((r) => r.node === spec.pveNode);
  const facts: NodeFacts = { node: spec.name, pveNode: spec.pveNode, guests: new Map(), source: cliOnly ? 'cli' : 'files', images: [], paths: nodePaths(spec) };
  facts.elsewhere = new Map(resources.filter((r) => r.node !== spec.pveNode).map((r) => [r.vmid, r.node]));
  for (const r of resources.filter((x) => x.node === spec.pveNode)) {
    const f = files.get(r.vmid);
    if (f) {
      const g = guestFromConf(r.vmid, f.type, r.node, f.text, r.status);
      if (r.template) g.template = true;
      facts.guests.set(r.vmid, g);
    } else if (cliOnly) facts.guests.set(r.vmid, await viaCli(conn, r));
  }
  // a config file the resource list does not show yet (it lags): ask for its status
  for (const [vmid, f] of files) {
    if (facts.guests.has(vmid)) continue;
    const s = await conn.exec([f.type === 'lxc' ? 'pct' : 'qm', 'status', vmid]);
    facts.guests.set(vmid, guestFromConf(vmid, f.type, spec.pveNode, f.text, /status:\s*(\S+)/.exec(s.stdout)?.[1] ?? 'unknown'));
  }
  for (const [vmid, text] of read.firewall) {
    const g = facts.guests.get(vmid);
    if (g) g.firewall = parseFwFile(text);
  }
  return facts;
}

/**
 * Re-read one guest after an act: its config file (one exec, no Proxmox tool call). `live` also asks its status
 * (`pct status` / `qm status` are live; /cluster/resources lags, PVE/API2Tools.pm `extract_vm_stats`); `keep`
 * keeps the status already known, asking only for a guest that is new.
 */
export async function refreshGuest(conn: Connection, spec: NodeSpec, facts: NodeFacts, vmid: string, mode: 'keep' | 'live' = 'keep'): Promise<GuestFacts | undefined> {
  const prev = facts.guests.get(vmid);
  const askStatus = async (type: GuestType): Promise<string> => {
    const s = await conn.exec([type === 'lxc' ? 'pct' : 'qm', 'status', vmid]);
    return /status:\s*(\S+)/.exec(s.stdout)?.[1] ?? 'unknown';
  };
  const viaCliOnly = async (): Promise<GuestFacts | undefined> => {
    for (const type of ['lxc', 'qemu'] as const) {
      const s = await conn.exec([type === 'lxc' ? 'pct' : 'qm', 'status', vmid]);
      if (s.code !== 0) continue;
      return viaCli(conn, { vmid, type, node: spec.pveNode, status: /status:\s*(\S+)/.exec(s.stdout)?.[1] ?? 'unknown', template: false });
    }
    return undefined;
  };
  let g: GuestFacts | undefined;
  if (facts.source === 'cli') {
    g = await viaCliOnly();
  } else {
    const r = await conn.exec(['sh', '-c', READ_ONE, 'phoenix-facts', nodeDir(spec), vmid, firewallDir(spec)]);
    const parts = r.stdout.split(SEP).slice(1);
    const head = parts.find((p) => p.startsWith('lxc\n') || p.startsWith('qemu\n'));
    const fw = parts.find((p) => p.startsWith('fw\n'));
    if (head) {
      const type: GuestType = head.startsWith('lxc\n') ? 'lxc' : 'qemu';
      const st = mode === 'keep' && prev ? prev.status : await askStatus(type);
      g = guestFromConf(vmid, type, spec.pveNode, head.slice(head.indexOf('\n') + 1), st);
      if (fw) g.firewall = parseFwFile(fw.slice(3));
    } else {
      // not under pveRoot: a node (or simulator) whose config files Phoenix cannot read; ask the CLI, and keep asking it
      g = await viaCliOnly();
      if (g) facts.source = 'cli';
    }
  }
  if (g) facts.guests.set(vmid, g);
  else facts.guests.delete(vmid);
  return g;
}

export { parseConf };
