// One state read per node, ONE exec (read-files.ts READ_CONFIGS): every config file, firewall file and cloud image
// name, pmxcfs's `.vmlist` (cluster membership) and `ha/resources.cfg`, and the live guest lists of the node
// (`pvesh get /nodes/<node>/lxc|qemu`: two Proxmox tool calls, run while the files are read). Status comes from those
// live lists, never from `/cluster/resources`, whose status lags up to 10 s and says `unknown` until pvestatd has data
// (pve-manager PVE/API2Tools.pm `extract_vm_stats`, PVE/Service/pvestatd.pm); name and template come from the config
// file. A node whose config files Phoenix cannot read costs one exec more (read-cli.ts).
import type { NodeSpec } from '../../inventory/model.js';
import type { HostQuery } from '../../tasks/host/query.js';
import { HOST_FACTS_TIMEOUT_MS, hostFactsFrom, hostParams } from './gather-host.js';
import type { GuestFacts, GuestType, NodeFacts } from '../../tasks/facts.js';
import type { Connection } from '../connection.js';
import { parseFwFile } from '../../tasks/firewall-rules.js';
import { hostRootOf } from '../../tasks/host/host-root.js';
import { guestFromConf, parseConf } from './parse-conf.js';
import { parseHaResources } from './parse-ha.js';
import type { Section } from './parse-host.js';
import { parseDotVmlist, parseNodeList, parsePctList, parseQmList, parseResources, type Resource } from './parse-resources.js';
import { answered, guestFromCli, readViaCli, statusOf } from './read-cli.js';
import { nodeDir, readConfigsArgv, readOneArgv, sawNodeDir, splitConfigs, splitOne, type NodeFiles } from './read-files.js';

/** Node-side locations from the inventory: pmxcfs root, host filesystem root (sim: `<stateDir>/host`), images. */
export function nodePaths(spec: NodeSpec): NodeFacts['paths'] {
  return { pveRoot: spec.pveRoot, hostRoot: hostRootOf(spec), imageDir: spec.imageDir };
}

const KINDS: readonly GuestType[] = ['lxc', 'qemu'];

function nodeList(s: Section | undefined, type: GuestType, pveNode: string): Resource[] | undefined {
  if (!answered(s)) return undefined;
  try { return parseNodeList(s.body, type, pveNode); } catch { return undefined; }
}

/**
 * The guests of this node with their live status: the live lists of the state read; a kind whose list did not answer
 * (no pvesh, a pveNode PVE does not know) asks `pct list` / `qm list` (live too: the same `vmlist` API) in one exec
 * each, side by side. Fails only when no list of either kind could be read.
 */
async function liveGuests(conn: Connection, spec: NodeSpec, read: NodeFiles): Promise<Resource[]> {
  const out: Resource[] = [];
  const missing: GuestType[] = [];
  for (const type of KINDS) {
    const list = nodeList(read.lists[type], type, spec.pveNode);
    if (list) out.push(...list); else missing.push(type);
  }
  if (!missing.length) return out;
  const errors: string[] = [];
  const answers = await Promise.all(missing.map(async (type) => {
    const r = await conn.exec([type === 'lxc' ? 'pct' : 'qm', 'list']);
    if (r.code === 0) return type === 'lxc' ? parsePctList(r.stdout, spec.pveNode) : parseQmList(r.stdout, spec.pveNode);
    errors.push(read.lists[type]?.body.trim() || r.stderr.trim());
    return undefined;
  }));
  for (const a of answers) if (a) out.push(...a);
  if (errors.length === KINDS.length) throw new Error(`cannot list guests on ${spec.name}: ${errors.filter(Boolean).join('; ') || 'no answer'}`);
  return out;
}

/** The nodes of a cluster read one `.vmlist` (pmxcfs is one file system): parsed once per text, kept read-only. */
let lastVmlist: { text: string; members: Map<string, string> | undefined } | undefined;
function vmlistMembers(text: string): Map<string, string> | undefined {
  if (lastVmlist?.text !== text) {
    const vmlist = parseDotVmlist(text);
    lastVmlist = { text, members: vmlist && new Map([...vmlist].map(([vmid, v]) => [vmid, v.node])) };
  }
  return lastVmlist.members;
}

/**
 * Where every guest of the cluster lives: `.vmlist` (no tool call); when it is unreadable (or not its JSON), the
 * `/cluster/resources` the state read asked instead (or one exec for it). Undefined when neither answers.
 */
async function membership(conn: Connection, read: NodeFiles): Promise<Map<string, string> | undefined> {
  const vmlist = answered(read.vmlist) ? vmlistMembers(read.vmlist.body) : undefined;
  if (vmlist) return vmlist;
  let res = read.resources;
  if (!res) {
    const r = await conn.exec(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json']);
    res = { body: r.stdout, status: String(r.code) };
  }
  if (!answered(res)) return undefined;
  try { return new Map(parseResources(res.body).map((r) => [r.vmid, r.node])); } catch { return undefined; }
}

/**
 * The node's state read, in one exec; with `host` (what the planned steps' hostQuery ask, merged) the host facts too
 * (gather-host.ts HOST_SCRIPT run by the same script, beside the live lists).
 */
export async function gatherFacts(conn: Connection, spec: NodeSpec, host?: HostQuery): Promise<NodeFacts> {
  const r = await conn.exec(readConfigsArgv(spec, host ? hostParams(spec, host) : undefined), host ? { timeoutMs: HOST_FACTS_TIMEOUT_MS } : {});
  const read = splitConfigs(r.stdout);
  if (!read.complete) throw new Error(`the state read on ${spec.name} did not complete (exit ${r.code}): ${r.stderr.trim() || 'no output'}`);
  const facts = await guestFacts(conn, spec, read);
  if (host) facts.host = hostFactsFrom(r.stdout, host);
  return facts;
}

async function guestFacts(conn: Connection, spec: NodeSpec, read: NodeFiles): Promise<NodeFacts> {
  const [live, members] = await Promise.all([liveGuests(conn, spec, read), membership(conn, read)]);
  const files = read.configs;
  const here = live.filter((g) => g.node === spec.pveNode);
  const cliOnly = files.size === 0 && here.length > 0;
  const facts: NodeFacts = { node: spec.name, pveNode: spec.pveNode, guests: new Map(), source: cliOnly ? 'cli' : 'files', images: read.images, paths: nodePaths(spec) };
  if (members) facts.elsewhere = new Map([...members].filter(([, node]) => node !== spec.pveNode));
  if (read.ha) facts.haManaged = answered(read.ha) ? parseHaResources(read.ha.body) : [];
  if (cliOnly) {
    // config files unreadable: every guest's config, snapshots and firewall through the CLI, in one exec
    const cli = await readViaCli(conn, spec, here.map((g) => ({ vmid: g.vmid, type: g.type, status: false, config: true })));
    for (const g of here) facts.guests.set(g.vmid, guestFromCli(g.vmid, cli.get(g.vmid) ?? { type: g.type }, g.node, g.status));
    return facts;
  }
  const status = new Map(here.map((g) => [g.vmid, g.status]));
  for (const [vmid, f] of files) {
    const st = status.get(vmid);
    if (st !== undefined) facts.guests.set(vmid, guestFromConf(vmid, f.type, spec.pveNode, f.text, st));
  }
  // a config file the live list does not show (created while the list was taken): its status, all in one exec
  const lagging = [...files].filter(([vmid]) => !facts.guests.has(vmid));
  const asked = await readViaCli(conn, spec, lagging.map(([vmid, f]) => ({ vmid, type: f.type, status: true, config: false })));
  for (const [vmid, f] of lagging) facts.guests.set(vmid, guestFromConf(vmid, f.type, spec.pveNode, f.text, statusOf(asked.get(vmid)?.status)));
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
    const out = (await conn.exec(readOneArgv(spec, vmid))).stdout;
    const one = splitOne(out);
    if (one) {
      const st = mode === 'keep' && prev ? prev.status : await askStatus(conn, one.type, vmid);
      g = guestFromConf(vmid, one.type, spec.pveNode, one.text, st);
      if (one.firewall !== undefined) g.firewall = parseFwFile(one.firewall);
    } else if (!sawNodeDir(out)) {
      // not under pveRoot: a node (or simulator) whose config files Phoenix cannot read; ask the CLI, and keep asking it
      g = await refreshViaCli(conn, spec, vmid, prev, mode);
      if (g) facts.source = 'cli';
    }
    // else: the node's config directory is there and holds no file for vmid: the guest is gone (destroyed)
  }
  if (g) facts.guests.set(vmid, g);
  else facts.guests.delete(vmid);
  return g;
}

export { nodeDir, parseConf };
