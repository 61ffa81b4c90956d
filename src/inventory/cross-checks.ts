// Checks across both guest files and the inventory; run once every file is schema-valid.
import type { VmFile } from './config-types.js';
import { findCycles } from './find-cycles.js';
import { entryStorage, type GuestEntry, type LxcEntry } from './guest-entries.js';
import type { Inventory } from './model.js';

export function crossCheckProblems(entries: readonly GuestEntry[], vm: VmFile, inventory: Inventory): string[] {
  const problems: string[] = [];
  const byId = new Map<string, GuestEntry>();
  for (const e of entries) {
    const first = byId.get(e.id);
    if (first && first.kind !== e.kind) {
      problems.push(`${e.label}: ${e.pointer}${e.kind === 'vm' ? '/vmid' : ''}: id ${e.id} is also defined in ${first.label} (${first.pointer})`);
    } else if (first) {
      problems.push(`${e.label}: ${e.pointer}/vmid: duplicate vmid ${e.id} (also ${first.pointer})`);
    } else byId.set(e.id, e);
  }
  const nodeNames = Object.keys(inventory.nodes);
  const nodeOf = (e: GuestEntry): string => e.node ?? inventory.defaultNode;
  for (const e of entries) {
    if (e.node !== undefined && !nodeNames.includes(e.node)) {
      problems.push(`${e.label}: ${e.pointer}/node: unknown node '${e.node}' (inventory nodes: ${nodeNames.join(', ')})`);
    }
    e.dependencies.forEach((dep, i) => {
      if (!byId.has(dep)) problems.push(`${e.label}: ${e.pointer}/dependencies/${i}: unknown guest '${dep}'`);
    });
    if (e.cloneFrom !== undefined) problems.push(...cloneProblems(e, byId, vm, inventory, nodeOf));
  }
  const edges = new Map<string, string[]>();
  for (const e of byId.values()) edges.set(e.id, [...(e.cloneFrom !== undefined ? [e.cloneFrom] : []), ...e.dependencies]);
  for (const cycle of findCycles(edges)) problems.push(`cycle: ${cycle.join(' -> ')}`);
  return problems;
}

function cloneProblems(
  e: GuestEntry, byId: ReadonlyMap<string, GuestEntry>, vm: VmFile, inventory: Inventory, nodeOf: (e: GuestEntry) => string,
): string[] {
  const at = `${e.label}: ${e.pointer}/${e.cloneKey}`;
  const src = byId.get(e.cloneFrom as string);
  if (!src) return [`${at}: unknown guest '${e.cloneFrom}'`];
  if (src.id === e.id) return []; // reported as a cycle
  if (src.kind !== e.kind) {
    return [`${at}: clone source ${src.id} is ${src.kind === 'vm' ? 'a VM' : 'a container'}; ${e.cloneKey} needs ${e.kind === 'vm' ? 'a VM' : 'a container'}`];
  }
  const out: string[] = [];
  if (src.kind === 'lxc' && src.config.template_snapshot_name === undefined) {
    out.push(`${at}: clone source ${src.id} has no template_snapshot_name (pct clone clones from that snapshot)`);
  }
  if (src.kind === 'vm' && src.config.is_template !== true) {
    out.push(`${at}: clone source ${src.id} is not a template (set "is_template": true on it)`);
  }
  if (src.kind === 'lxc') out.push(...unclonableMounts(at, e, src));
  const from = nodeOf(src);
  const to = nodeOf(e);
  const node = inventory.nodes[from];
  if (from !== to && node && inventory.nodes[to]) {
    const storage = entryStorage(src, vm);
    if (!node.sharedStorages.includes(storage)) {
      out.push(`${at}: clone source ${src.id} is on node '${from}' but ${e.id} is on '${to}', and storage '${storage}' is not in sharedStorages of '${from}'`);
    }
  }
  return out;
}

/**
 * `pct clone` copies only volume mount points: for rootfs and every mpN of the source (its snapshot section with
 * --snapname), a mount point whose type is not `volume` dies with "unable to clone mountpoint 'mpN' (type bind)"
 * (pve-container src/PVE/API2/LXC.pm `clone_vm`, l.2064-2110). The type is a bind for an absolute host path and a
 * device for one under /dev/ (src/PVE/LXC/Config.pm `classify_mountpoint`). Phoenix turns every `mount_points`
 * entry into such an mpN (tasks/lxc/mounts.ts), and the source's template snapshot is taken after them.
 * `zfs_volumes` are storage volumes and clone; raw `lxc.mount.entry` lines and devN are copied as they are.
 */
function unclonableMounts(at: string, e: GuestEntry, src: LxcEntry): string[] {
  return (src.config.mount_points ?? []).map((m, i) => {
    const type = m.host_path.startsWith('/dev/') ? 'device' : 'bind';
    return `${at}: clone source ${src.id} has a ${type} mount point (${src.label}: ${src.pointer}/mount_points/${i}: `
      + `${m.host_path} at ${m.container_path}), which pct clone refuses ("unable to clone mountpoint 'mpN' (type ${type})"): `
      + `move it to the clones' own mount_points (${e.id} gets it after the clone), or create ${e.id} from a template`;
  });
}
