// One state read per node: the guest list from /cluster/resources, and every config file, firewall file and cloud
// image name of the node in one exec; a node whose config files Phoenix cannot read costs one exec more (read-cli.ts).
import type { NodeSpec } from '../../inventory/model.js';
import type { GuestFacts, GuestType, NodeFacts } from '../../tasks/facts.js';
import type { Connection } from '../connection.js';
import { parseFwFile } from '../../tasks/firewall-rules.js';
import { hostRootOf } from '../../tasks/host/host-root.js';
import { guestFromConf, parseConf } from './parse-conf.js';
import { parsePctList, parseQmList, parseResources, type Resource } from './parse-resources.js';
import { answered, guestFromCli, readViaCli, statusOf } from './read-cli.js';
import { nodeDir, readConfigsArgv, readOneArgv, splitConfigs, splitOne } from './read-files.js';

/** Node-side locations from the inventory: pmxcfs root, host filesystem root (sim: `<stateDir>/host`), images. */
export function nodePaths(spec: NodeSpec): NodeFacts['paths'] {
  return { pveRoot: spec.pveRoot, hostRoot: hostRootOf(spec), imageDir: spec.imageDir };
}

async function listGuests(conn: Connection, spec: NodeSpec): Promise<Resource[]> {
  const r = await conn.exec(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json']);
  if (r.code === 0) return parseResources(r.stdout);
  const [pct, qm] = await Promise.all([conn.exec(['pct', 'list']), conn.exec(['qm', 'list'])]);
  if (pct.code !== 0 && qm.code !== 0) throw new Error(`cannot list guests on ${spec.name}: ${r.stderr.trim() || pct.stderr.trim()}`);
  return [...parsePctList(pct.stdout, spec.pveNode), ...parseQmList(qm.stdout, spec.pveNode)];
}

export async function gatherFacts(conn: Connection, spec: NodeSpec): Promise<NodeFacts> {
  const [resources, read] = await Promise.all([
    listGuests(conn, spec),
    conn.exec(readConfigsArgv(spec)).then((r) => splitConfigs(r.stdout)),
  ]);
  const files = read.configs;
  const here = resources.filter((r) => r.node === spec.pveNode);
  const cliOnly = files.size === 0 && here.length > 0;
  const facts: NodeFacts = { node: spec.name, pveNode: spec.pveNode, guests: new Map(), source: cliOnly ? 'cli' : 'files', images: read.images, paths: nodePaths(spec) };
  facts.elsewhere = new Map(resources.filter((r) => r.node !== spec.pveNode).map((r) => [r.vmid, r.node]));
  if (cliOnly) {
    // config files unreadable: every guest's config, snapshots and firewall through the CLI, in one exec
    const cli = await readViaCli(conn, spec, here.map((r) => ({ vmid: r.vmid, type: r.type, status: false, config: true })));
    for (const r of here) {
      const g = guestFromCli(r.vmid, cli.get(r.vmid) ?? { type: r.type }, r.node, r.status);
      if (r.template) g.template = true;
      facts.guests.set(r.vmid, g);
    }
    return facts;
  }
  for (const r of here) {
    const f = files.get(r.vmid);
    if (!f) continue;
    const g = guestFromConf(r.vmid, f.type, r.node, f.text, r.status);
    if (r.template) g.template = true;
    facts.guests.set(r.vmid, g);
  }
  // a config file the resource list does not show yet (it lags): ask for the status of all of them in one exec
  const lagging = [...files].filter(([vmid]) => !facts.guests.has(vmid));
  const status = await readViaCli(conn, spec, lagging.map(([vmid, f]) => ({ vmid, type: f.type, status: true, config: false })));
  for (const [vmid, f] of lagging) facts.guests.set(vmid, guestFromConf(vmid, f.type, spec.pveNode, f.text, statusOf(status.get(vmid)?.status)));
  for (const [vmid, text] of read.firewall) {
    const g = facts.guests.get(vmid);
    if (g) g.firewall = parseFwFile(text);
  }
  return facts;
}

/** `pct status` / `qm status` of one guest: `status: running`. */
async function askStatus(conn: Connection, type: GuestType, vmid: string): Promise<string> {
  const s = await conn.exec([type === 'lxc' ? 'pct' : 'qm', 'status', vmid]);
  return (s.code === 0 ? /status:\s*(\S+)/.exec(s.stdout)?.[1] : undefined) ?? 'unknown';
}

/** One guest through the CLI (one exec). `keep` with a known guest asks no status; a guest that is gone is undefined. */
async function refreshViaCli(conn: Connection, spec: NodeSpec, vmid: string, prev: GuestFacts | undefined, mode: 'keep' | 'live'): Promise<GuestFacts | undefined> {
  const live = mode === 'live' || prev === undefined;
  const r = (await readViaCli(conn, spec, [{ vmid, type: prev?.type ?? 'any', status: live, config: true }])).get(vmid);
  if (!r || !answered(live ? r.status : r.config)) return undefined;
  return guestFromCli(vmid, r, spec.pveNode, live ? undefined : prev?.status);
}

/**
 * Re-read one guest after an act: its config file (one exec, no Proxmox tool call). `live` also asks its status
 * (`pct status` / `qm status` are live; /cluster/resources lags, PVE/API2Tools.pm `extract_vm_stats`); `keep`
 * keeps the status already known, asking only for a guest that is new. Through the CLI (facts.source 'cli'): one
 * exec too (read-cli.ts), with the same rule for the status.
 */
export async function refreshGuest(conn: Connection, spec: NodeSpec, facts: NodeFacts, vmid: string, mode: 'keep' | 'live' = 'keep'): Promise<GuestFacts | undefined> {
  const prev = facts.guests.get(vmid);
  let g: GuestFacts | undefined;
  if (facts.source === 'cli') {
    g = await refreshViaCli(conn, spec, vmid, prev, mode);
  } else {
    const one = splitOne((await conn.exec(readOneArgv(spec, vmid))).stdout);
    if (one) {
      const st = mode === 'keep' && prev ? prev.status : await askStatus(conn, one.type, vmid);
      g = guestFromConf(vmid, one.type, spec.pveNode, one.text, st);
      if (one.firewall !== undefined) g.firewall = parseFwFile(one.firewall);
    } else {
      // not under pveRoot: a node (or simulator) whose config files Phoenix cannot read; ask the CLI, and keep asking it
      g = await refreshViaCli(conn, spec, vmid, prev, mode);
      if (g) facts.source = 'cli';
    }
  }
  if (g) facts.guests.set(vmid, g);
  else facts.guests.delete(vmid);
  return g;
}

export { nodeDir, parseConf };
