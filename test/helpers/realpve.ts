// The real Proxmox VE node of ../shared/tools/realpve ("rpve": the unmodified Perl pct/qm/pvesh/pvesm with pmxcfs,
// pvestatd, lxc and a btrfs storage in a private namespace, sshd on 127.0.0.1): where it is, a Phoenix project
// whose only node is it (connection: ssh), its audit log (one JSON line per pct/qm/pvesh/pvesm/pveam call made over
// SSH), and a side door for the test's own probes (rpve's bin/ wrappers: nsenter, never audited), so the audit log
// holds only what Phoenix sent.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { cli, type CliResult } from './cli.js';
import { repoRoot, writeProject, type Project, type ProjectSpec } from './fixtures.js';

const run = promisify(execFile);

/** The node's real paths and names (README of realpve: "What a node is"). */
export const RPVE = {
  storage: 'local-btrfs',
  template: 'local-btrfs:vztmpl/debian-12-busybox_12.0-1_amd64.tar.gz',
  bridge: 'vmbr0',
  pveRoot: '/etc/pve',
  imageDir: '/var/lib/vz/template/iso',
} as const;

export interface AuditCall { ts: string; tool: string; argv: string[]; rc: number; dur_s: number }

export interface RealNode {
  /** The rpve node name (RPVE_NODE), also its Proxmox node name. */
  name: string;
  home: string;
  port: number;
  identityFile: string;
  /** known_hosts lines of the node's host key (from ssh-keyscan), for the project's known_hosts file. */
  hostKeys: string[];
  auditFile: string;
  /** rpve's bin/ directory (pct, qm, pvesh, pve-enter … as nsenter wrappers into the node). */
  binDir: string;
}

/** Where rpve lives: RPVE_DIR, else ../shared/tools/realpve beside the repository. */
export const rpveDir = (): string => process.env.RPVE_DIR ?? resolve(repoRoot(), '..', 'shared', 'tools', 'realpve');

/** The running node, or why it is not there. */
export async function findRealNode(): Promise<RealNode | { missing: string }> {
  const name = process.env.RPVE_NODE ?? 'pve';
  const home = process.env.RPVE_HOME ?? '/var/tmp/rpve';
  const ssh = join(home, name, 'ssh');
  const binDir = join(rpveDir(), 'bin');
  const absent = [join(ssh, 'port'), join(ssh, 'id_ed25519'), join(binDir, 'pct')].filter((f) => !existsSync(f));
  const hint = `run ${rpveDir()}/build.sh and start.sh as root`;
  if (absent.length) return { missing: `the real PVE node '${name}' is not running (missing ${absent.join(', ')}): ${hint}` };
  const port = Number(readFileSync(join(ssh, 'port'), 'utf8').trim());
  // the node's host key, as OpenSSH records it on first contact
  const scan = await run('ssh-keyscan', ['-p', String(port), '-t', 'ed25519', '127.0.0.1'], { timeout: 15_000 }).catch((e: Error) => ({ stdout: '', stderr: e.message }));
  const keys = scan.stdout.split('\n').filter((l) => l.startsWith(`[127.0.0.1]:${port} `));
  if (!keys.length) return { missing: `the real PVE node '${name}' does not answer on 127.0.0.1:${port} (ssh-keyscan: ${scan.stderr.trim()}): ${hint}` };
  return { name, home, port, identityFile: join(ssh, 'id_ed25519'), hostKeys: keys, auditFile: join(home, name, 'audit.log'), binDir };
}

/** What a suite's before hook found: the node, why it is missing, or what went wrong setting it up. */
export interface Gate { node?: RealNode; missing?: string; problem?: unknown }

/**
 * Finds the node and runs `setup` on it, keeping any error: uvu 0.5 loses an error thrown in a before hook (its
 * runner returns from `finally`) and the file would pass. Each test then asks `through(gate)`.
 */
export async function openGate(setup: (n: RealNode) => Promise<void>): Promise<Gate> {
  try {
    const found = await findRealNode();
    if ('missing' in found) return { missing: found.missing };
    await setup(found);
    return { node: found };
  } catch (problem) {
    return { problem };
  }
}

let warned = false;

/**
 * At the top of each test: the node, or undefined to skip (a missing node outside CI, printed once). A setup error
 * fails every test; under CI (`CI` set) so does a missing node: the suite must not pass by skipping everything.
 */
export function through(g: Gate): RealNode | undefined {
  if (g.problem !== undefined) throw g.problem;
  if (g.node) return g.node;
  const why = g.missing ?? 'the suite was not set up';
  if (process.env.CI) throw new Error(why);
  if (!warned) console.log(`SKIP realpve suite: ${why}`);
  warned = true;
  return undefined;
}

/** The inventory entry of the node, as written in a phoenix config (with its known_hosts file beside it). */
export function nodeConfig(n: RealNode): Record<string, unknown> {
  return {
    connection: 'ssh', host: '127.0.0.1', port: n.port, user: 'root', identityFile: n.identityFile,
    knownHostsFile: './known_hosts', pveRoot: RPVE.pveRoot, imageDir: RPVE.imageDir, pveNode: n.name,
  };
}

export function readAuditLog(n: RealNode): AuditCall[] {
  if (!existsSync(n.auditFile)) return [];
  return readFileSync(n.auditFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditCall);
}

// Subcommands that change nothing on the node; every other call counts as mutating. `pct exec`/`push` and
// `qm guest exec` run scripts in guests, so they count as mutating too (a no-op run has no business there).
const READ_ONLY: Record<string, RegExp> = {
  pct: /^(list|config|status|pending|listsnapshot|df|pull|cpusets|help)$/,
  qm: /^(list|config|status|pending|listsnapshot|showcmd|help|cloudinit (dump|pending)|guest cmd \S+ (ping|info|get-\S+|network-get-interfaces))$/,
  pvesh: /^(get|ls|usage|help)$/,
  pvesm: /^(status|list|path|scan|nfsscan|cifsscan|lvmscan|lvmthinscan|zfsscan|iscsiscan|help|apiinfo)$/,
  pveam: /^(list|available|help)$/,
};

/** The subcommand as the tool's $cmddef names it (`cloudinit update`, `guest exec`, `get`). */
function subcommand(c: AuditCall): string {
  const words = c.argv.filter((a) => !a.startsWith('-'));
  if (c.tool === 'qm' && (words[0] === 'cloudinit' || words[0] === 'disk')) return words.slice(0, 2).join(' ');
  if (c.tool === 'qm' && words[0] === 'guest' && words[1] === 'cmd') return `guest cmd ${words[2] ?? ''} ${words[3] ?? ''}`;
  if (c.tool === 'qm' && words[0] === 'guest') return words.slice(0, 2).join(' ');
  return words[0] ?? '';
}

export const isMutating = (c: AuditCall): boolean => !(READ_ONLY[c.tool]?.test(subcommand(c)) ?? false);
export const line = (c: AuditCall): string => [c.tool, ...c.argv].join(' ');
export const lines = (calls: readonly AuditCall[]): string[] => calls.map(line);

export interface RealEstate extends Project {
  node: RealNode;
  /** The Phoenix CLI, in-process, with this project's config. */
  run(...argv: string[]): Promise<CliResult>;
  /** A run and the audit-log lines it added (the suite runs one thing at a time against the node). */
  during(...argv: string[]): Promise<{ r: CliResult; calls: AuditCall[]; ms: number }>;
  /** Rewrites the project's LXC or VM file. */
  write(file: 'lxc' | 'vm', doc: unknown): void;
}

export function makeRealEstate(node: RealNode, spec: ProjectSpec): RealEstate {
  const p = writeProject({
    ...spec, inventory: { defaultNode: node.name, nodes: { [node.name]: nodeConfig(node) } },
    rawFiles: { ...spec.rawFiles, known_hosts: `${node.hostKeys.join('\n')}\n` },
  });
  const runCli = (...argv: string[]): Promise<CliResult> => cli([...argv, '-c', p.configFile], { cwd: p.dir });
  return {
    ...p,
    node,
    run: runCli,
    async during(...argv) {
      const before = readAuditLog(node).length;
      const t0 = Date.now();
      const r = await runCli(...argv);
      return { r, calls: readAuditLog(node).slice(before), ms: Date.now() - t0 };
    },
    write: (file, doc) => writeFileSync(p.files[file], JSON.stringify(doc, null, 2)),
  };
}

/** A tool inside the node through rpve's bin/ wrappers (not audited). Never throws: code, stdout, stderr. */
export async function onNode(n: RealNode, tool: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(join(n.binDir, tool), argv, { env: { ...process.env, RPVE_NODE: n.name, RPVE_HOME: n.home }, timeout: 120_000, maxBuffer: 16 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? x.message };
  }
}

/** `pct status` / `qm status` (live, unlike /cluster/resources): running, stopped, or absent. */
export async function liveStatus(n: RealNode, tool: 'pct' | 'qm', vmid: string): Promise<string> {
  const r = await onNode(n, tool, 'status', vmid);
  if (r.code !== 0) return /does not exist/.test(r.stderr) ? 'absent' : `error: ${r.stderr.trim()}`;
  return /status:\s*(\S+)/.exec(r.stdout)?.[1] ?? 'unknown';
}

/** The live status of several guests from one `pct list` / `qm list` (PVE::LXC::vmstatus / PVE::QemuServer::vmstatus): absent when not listed. */
export async function liveStatuses(n: RealNode, tool: 'pct' | 'qm', vmids: readonly string[]): Promise<Record<string, string>> {
  const r = await onNode(n, tool, 'list');
  if (r.code !== 0) throw new Error(`${tool} list: ${r.stderr}`);
  // pct list: VMID Status Lock Name; qm list: VMID NAME STATUS MEM(MB) BOOTDISK(GB) PID (names may hold spaces)
  const listed = new Map(r.stdout.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f[0]).map((f) => [f[0]!, (tool === 'pct' ? f[1] : f.at(-4)) ?? 'unknown']));
  return Object.fromEntries(vmids.map((id) => [id, listed.get(id) ?? 'absent']));
}

/** The node's config file of a guest (pmxcfs), or undefined when it has none. */
export async function guestConf(n: RealNode, kind: 'lxc' | 'qemu-server', vmid: string): Promise<string | undefined> {
  const r = await onNode(n, 'pve-enter', 'cat', `${RPVE.pveRoot}/nodes/${n.name}/${kind}/${vmid}.conf`);
  return r.code === 0 ? r.stdout : undefined;
}

/** Removes guests left by an earlier run of the suite (stopped first), through the side door. */
export async function wipeGuests(n: RealNode, cts: readonly string[], vms: readonly string[]): Promise<void> {
  const ct = cts.length ? await liveStatuses(n, 'pct', cts) : {};
  for (const id of cts) {
    if (ct[id] === 'absent') continue;
    await onNode(n, 'pct', 'stop', id);
    await onNode(n, 'pct', 'unlock', id);
    const r = await onNode(n, 'pct', 'destroy', id, '--purge', '1', '--force', '1');
    if (r.code !== 0) throw new Error(`cannot remove CT ${id} left by an earlier run: ${r.stderr}`);
  }
  const vm = vms.length ? await liveStatuses(n, 'qm', vms) : {};
  for (const id of vms) {
    if (vm[id] === 'absent') continue;
    await onNode(n, 'qm', 'unlock', id);
    const r = await onNode(n, 'qm', 'destroy', id, '--purge', '1');
    if (r.code !== 0) throw new Error(`cannot remove VM ${id} left by an earlier run: ${r.stderr}`);
  }
}

/** The current section of a config file (snapshot and pending sections follow the first `[name]`). */
export const currentSection = (conf: string): string => conf.split(/^\[/m)[0] ?? '';

/** The `[pve:pending]` section of an LXC config file, '' when there is none. */
export const pendingSection = (conf: string): string => /^\[pve:pending\]\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(conf)?.[1] ?? '';

/** A summary line for a run: what it cost on the node. */
export function costLine(label: string, calls: readonly AuditCall[], ms: number): string {
  const mut = calls.filter(isMutating);
  return `${label}: ${calls.length} Proxmox calls (${mut.length} mutating) in ${(ms / 1000).toFixed(1)}s`;
}
