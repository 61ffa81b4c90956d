// Checks across both guest files and the inventory. They run beside the schema checks, on what parsed: entries come
// from checkable-guests.ts (a field that failed its schema is absent, even a required one: read fields defensively),
// `inventory` is undefined when the inventory failed its schema, and `scope` says what could not be read at all, so
// that nothing is called unknown only because its file is broken.
import type { VmFile } from './config-types.js';
import { findCycles } from './find-cycles.js';
import { entryStorage, type GuestEntry, type LxcEntry } from './guest-entries.js';
import type { Inventory } from './model.js';

export interface CrossCheckScope {
  /** Ids that exist but whose entry could not be read: references to them are not unknown. */
  knownIds?: readonly string[];
  /** Whether every guest of that file is known; default true. Unknown ids are reported only when the file(s) are. */
  complete?: { lxc: boolean; vm: boolean };
  /** `label:pointer` of every field left out because it failed its schema (not absent: a clone source's
   * template_snapshot_name that is invalid is reported by the schema, not as missing). */
  dropped?: ReadonlySet<string>;
}

export function crossCheckProblems(entries: readonly GuestEntry[], vm: VmFile, inventory: Inventory | undefined, scope: CrossCheckScope = {}): string[] {
  const problems: string[] = [];
  const known = new Set(scope.knownIds ?? []);
  const complete = scope.complete ?? { lxc: true, vm: true };
  const failed = (g: GuestEntry, field: string): boolean => scope.dropped?.has(`${g.label}:${g.pointer}/${field}`) === true;
  const byId = new Map<string, GuestEntry>();
  for (const e of entries) {
    const first = byId.get(e.id);
    if (first && first.kind !== e.kind) {
      problems.push(`${e.label}: ${e.pointer}${e.kind === 'vm' ? '/vmid' : ''}: id ${e.id} is also defined in ${first.label} (${first.pointer})`);
    } else if (first) {
      problems.push(`${e.label}: ${e.pointer}/vmid: duplicate vmid ${e.id} (also ${first.pointer})`);
    } else byId.set(e.id, e);
  }
  const nodeNames = inventory ? Object.keys(inventory.nodes) : [];
  const nodeOf = (e: GuestEntry): string | undefined => e.node ?? inventory?.defaultNode;
  for (const e of entries) {
    if (inventory && e.node !== undefined && !nodeNames.includes(e.node)) {
      problems.push(`${e.label}: ${e.pointer}/node: unknown node '${e.node}' (inventory nodes: ${nodeNames.join(', ')})`);
    }
    e.dependencies.forEach((dep, i) => {
      if (!byId.has(dep) && !known.has(dep) && complete.lxc && complete.vm) problems.push(`${e.label}: ${e.pointer}/dependencies/${i}: unknown guest '${dep}'`);
    });
    if (e.cloneFrom !== undefined && !known.has(e.cloneFrom)) problems.push(...cloneProblems(e, byId, vm, inventory, nodeOf, complete[e.kind], failed));
  }
  const edges = new Map<string, string[]>();
  for (const e of byId.values()) edges.set(e.id, [...(e.cloneFrom !== undefined ? [e.cloneFrom] : []), ...e.dependencies]);
  for (const cycle of findCycles(edges)) problems.push(`${edgeAt(byId, cycle)}cycle: ${cycle.join(' -> ')}`);
  return problems;
}

/** Where the cycle's first edge is written (`file: /pointer: ` of the clone source or dependency naming the next id). */
function edgeAt(byId: ReadonlyMap<string, GuestEntry>, cycle: readonly string[]): string {
  const e = byId.get(cycle[0] ?? '');
  if (!e) return '';
  const next = cycle[1];
  if (e.cloneFrom === next) return `${e.label}: ${e.pointer}/${e.cloneKey}: `;
  const i = e.dependencies.indexOf(next ?? '');
  return `${e.label}: ${e.pointer}${i >= 0 ? `/dependencies/${i}` : ''}: `;
}

function cloneProblems(
  e: GuestEntry, byId: ReadonlyMap<string, GuestEntry>, vm: VmFile, inventory: Inventory | undefined,
  nodeOf: (e: GuestEntry) => string | undefined, complete: boolean, failed: (g: GuestEntry, field: string) => boolean,
): string[] {
  const at = `${e.label}: ${e.pointer}/${e.cloneKey}`;
  const src = byId.get(e.cloneFrom as string);
  if (!src) return complete ? [`${at}: unknown guest '${e.cloneFrom}'`] : [];
  if (src.id === e.id) return []; // reported as a cycle
  if (src.kind !== e.kind) {
    return [`${at}: clone source ${src.id} is ${src.kind === 'vm' ? 'a VM' : 'a container'}; ${e.cloneKey} needs ${e.kind === 'vm' ? 'a VM' : 'a container'}`];
  }
  const out: string[] = [];
  if (src.kind === 'lxc' && src.config.template_snapshot_name === undefined && !failed(src, 'template_snapshot_name')) {
    out.push(`${at}: clone source ${src.id} has no template_snapshot_name (pct clone clones from that snapshot)`);
  }
  if (src.kind === 'vm' && src.config.is_template !== true && !failed(src, 'is_template')) {
    out.push(`${at}: clone source ${src.id} is not a template (set "is_template": true on it)`);
  }
  if (src.kind === 'lxc') out.push(...unclonableMounts(at, e, src));
  const from = nodeOf(src);
  const to = nodeOf(e);
  const node = inventory && from !== undefined ? inventory.nodes[from] : undefined;
  if (inventory && from !== to && node && to !== undefined && inventory.nodes[to]) {
    const storage = entryStorage(src, vm) as string | undefined; // absent when it failed its schema
    if (storage !== undefined && !node.sharedStorages.includes(storage)) {
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
  const mounts: unknown = src.config.mount_points;
  return (Array.isArray(mounts) ? (mounts as NonNullable<LxcEntry['config']['mount_points']>) : []).map((m, i) => {
    const type = m.host_path.startsWith('/dev/') ? 'device' : 'bind';
    return `${at}: clone source ${src.id} has a ${type} mount point (${src.label}: ${src.pointer}/mount_points/${i}: `
      + `${m.host_path} at ${m.container_path}), which pct clone refuses ("unable to clone mountpoint 'mpN' (type ${type})"): `
      + `move it to the clones' own mount_points (${e.id} gets it after the clone), or create ${e.id} from a template`;
  });
}
