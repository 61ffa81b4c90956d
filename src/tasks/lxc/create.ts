// LXC exists: create from the OS template, or clone from the source's template snapshot.
import { existing } from '../exists.js';
import { guestOf, type NodeFacts } from '../facts.js';
import { appliedFeatures, OWNER_TAG, splitTags } from '../tags.js';
import { act, cmd, create, type TaskDef } from '../types.js';
import { lxcCreateSchema, net0String, type LxcCreateParams } from './params.js';

export function createArgv(p: LxcCreateParams): string[] {
  const argv = ['pct', 'create', p.vmid, p.template ?? '', '--hostname', p.hostname, '--memory', String(p.memory),
    '--cores', String(p.cores), '--rootfs', `${p.storage}:${p.rootfsGb}`, '--storage', p.storage,
    '--net0', net0String(p.net0), '--unprivileged', p.unprivileged ? '1' : '0', '--onboot', p.onboot ? '1' : '0', '--tags', OWNER_TAG];
  if (p.swap !== undefined) argv.push('--swap', String(p.swap));
  if (p.startup) argv.push('--startup', p.startup);
  if (p.nameserver) argv.push('--nameserver', p.nameserver);
  if (p.features) argv.push('--features', p.features);
  return argv;
}

export function cloneArgv(p: LxcCreateParams): string[] {
  const c = p.clone!;
  return ['pct', 'clone', c.from, p.vmid, '--snapname', c.snapname, '--hostname', p.hostname, '--storage', p.storage, ...(c.target ? ['--target', c.target] : [])];
}

/**
 * What a clone from SRC@SNAP gets that SRC no longer has: `pct clone --snapname` builds the clone from the snapshot
 * section (pve-container src/PVE/API2/LXC.pm `clone_vm`: `$src_conf->{snapshots}->{$snapname}`), and the template
 * snapshot is never moved under existing clones. So a feature that ran (or ran again) on the source after its
 * snapshot is not in the clone: the feature records of the snapshot's `tags` against the source's current ones.
 * Read only when the source is on this node (a source elsewhere is not in these facts).
 */
export function snapshotLag(facts: NodeFacts, p: LxcCreateParams): string[] {
  const c = p.clone;
  if (!c || c.node !== undefined) return [];
  const src = guestOf(facts, c.from);
  const snap = src?.snapshotConfig?.[c.snapname];
  if (!src || !snap) return [];
  const then = appliedFeatures(splitTags(snap.tags));
  const out: string[] = [];
  for (const [name, hash] of [...appliedFeatures(splitTags(src.config.tags))].sort(([a], [b]) => a.localeCompare(b))) {
    const old = then.get(name);
    if (old === hash) continue;
    out.push(`${name} (${old === undefined ? 'applied after it' : 'script changed'})`);
  }
  return out;
}

export const lxcCreate: TaskDef<LxcCreateParams, 'lxc.create'> = {
  name: 'lxc.create',
  schema: lxcCreateSchema,
  mutates: true,
  reconfigure: false,
  owned: false,
  reread: 'guest',
  guests: (p) => [p.vmid],
  sources: (p) => (p.clone ? [p.clone.from] : []),
  resources: (p, node) => [`storage:${node}:${p.storage}`, ...(p.clone ? [`clone:${p.clone.from}`] : [])],
  title: (p) => (p.clone ? `CT ${p.vmid}: clone from ${p.clone.from}@${p.clone.snapname}` : `CT ${p.vmid}: create from ${p.template}`),
  plan(facts, p) {
    const done = existing(facts, p.vmid, 'lxc');
    if (done) return { change: done, commands: [] };
    if (p.clone) {
      // a source on another node of the cluster (shared storage): the clone runs there, --target this node
      const lag = snapshotLag(facts, p);
      const state = lag.length
        ? `: the snapshot predates feature${lag.length > 1 ? 's' : ''} ${lag.join(', ')}: the clone gets the snapshot's state`
        : '';
      return act(create(`clone ${p.clone.from}@${p.clone.snapname} -> ${p.vmid}${state}`), cmd(cloneArgv(p), p.clone.node ? { on: p.clone.node } : {}));
    }
    if (!p.template) throw new Error(`CT ${p.vmid} has neither clone_from_ctid nor template`);
    return act(create(`create ${p.vmid} from ${p.template}`), cmd(createArgv(p)));
  },
};
