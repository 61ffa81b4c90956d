// Raw (schema-valid) inventory -> Inventory with every NodeSpec field filled in.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { ConnectionKind, Inventory, NodeSpec } from './model.js';
import { PACKAGE_PREFIX, packageDir } from './package-dir.js';

export interface RawNode {
  connection: ConnectionKind;
  host?: string;
  port?: number;
  user?: string;
  identityFile?: string;
  knownHostsFile?: string;
  path?: string[];
  env?: Record<string, string>;
  pveRoot?: string;
  imageDir?: string;
  hostRoot?: string;
  pveNode?: string;
  sharedStorages?: string[];
  lockFile?: string;
}
export interface RawInventory { defaultNode?: string; nodes: Record<string, RawNode> }

/** Where the inventory was written: file label, pointer of the inventory object, directory for relative paths. */
export interface InventorySource { label: string; pointer: string; baseDir: string }

export const DEFAULT_PVE_ROOT = '/etc/pve';
export const DEFAULT_IMAGE_DIR = '/var/lib/vz/template/iso';
export const DEFAULT_HOST_ROOT = '/';

export function expandHome(p: string, home = homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return p;
}

function localPath(p: string, baseDir: string): string {
  const expanded = expandHome(p);
  return isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
}

function nodeSpec(name: string, raw: RawNode, baseDir: string, problem: (msg: string) => void): NodeSpec {
  // Paths of a local node are on this machine: relative ones resolve from the file that names them.
  // An ssh node's paths are the remote machine's, taken as written.
  const onNode = (p: string): string => (raw.connection === 'ssh' ? p : localPath(p, baseDir));
  const spec: NodeSpec = {
    name,
    connection: raw.connection,
    pveRoot: raw.pveRoot === undefined ? DEFAULT_PVE_ROOT : onNode(raw.pveRoot),
    imageDir: raw.imageDir === undefined ? DEFAULT_IMAGE_DIR : onNode(raw.imageDir),
    hostRoot: raw.hostRoot === undefined ? DEFAULT_HOST_ROOT : onNode(raw.hostRoot),
    pveNode: raw.pveNode ?? name,
    sharedStorages: [...(raw.sharedStorages ?? [])],
  };
  if (raw.host !== undefined) spec.host = raw.host;
  if (raw.connection === 'ssh' || raw.port !== undefined) spec.port = raw.port ?? 22;
  if (raw.connection === 'ssh' || raw.user !== undefined) spec.user = raw.user ?? 'root';
  if (raw.identityFile !== undefined) spec.identityFile = localPath(raw.identityFile, baseDir);
  if (raw.knownHostsFile !== undefined) spec.knownHostsFile = localPath(raw.knownHostsFile, baseDir);
  // PATH entries name directories of this machine; environment values are passed on as written
  if (raw.path !== undefined) {
    spec.path = raw.path.map((p, i) => {
      if (!p.startsWith(PACKAGE_PREFIX)) return localPath(p, baseDir);
      const dir = packageDir(p.slice(PACKAGE_PREFIX.length), baseDir);
      if (dir === undefined) problem(`/nodes/${name}/path/${i}: package '${p.slice(PACKAGE_PREFIX.length)}' is not installed (looked from ${baseDir} and from Phoenix's installation)`);
      return dir ?? p;
    });
  }
  if (raw.env !== undefined) spec.env = { ...raw.env };
  if (raw.lockFile !== undefined) spec.lockFile = onNode(raw.lockFile);
  return spec;
}

/** Problems are `label: /pointer: message` lines; the inventory is usable only when there are none. */
export function resolveInventory(raw: RawInventory, src: InventorySource): { inventory: Inventory; problems: string[] } {
  const names = Object.keys(raw.nodes);
  const problems: string[] = [];
  const at = `${src.label}: ${src.pointer}/defaultNode`;
  let defaultNode = raw.defaultNode;
  if (defaultNode === undefined) {
    if (names.length === 1) defaultNode = names[0];
    else problems.push(`${at}: required when there is more than one node (nodes: ${names.join(', ')})`);
  } else if (!names.includes(defaultNode)) {
    problems.push(`${at}: unknown node '${defaultNode}' (nodes: ${names.join(', ')})`);
  }
  const nodes: Record<string, NodeSpec> = {};
  for (const name of names) nodes[name] = nodeSpec(name, raw.nodes[name] as RawNode, src.baseDir, (msg) => problems.push(`${src.label}: ${src.pointer}${msg}`));
  return { inventory: { defaultNode: defaultNode ?? '', nodes }, problems };
}
