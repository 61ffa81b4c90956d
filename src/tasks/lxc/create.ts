// LXC exists: create from the OS template, or clone from the source's template snapshot. An existing CT is checked
// for what was fixed when it was created (./identity.ts) and for a lock an interrupted create or clone left on it
// (../interrupted.ts): both are refused, naming the way out, unless --recreate asks to destroy and create it again.
import { existing } from '../exists.js';
import { guestOf, type GuestFacts, type NodeFacts } from '../facts.js';
import { leftLock, leftLockMessage } from '../interrupted.js';
import { destroyForRecreate } from '../recreate.js';
import { appliedFeatures, hasOwnerTag, OWNER_TAG, splitTags } from '../tags.js';
import { act, cmd, create, update, type Command, type FieldDiff, type TaskDef, type TaskPlan } from '../types.js';
import { lxcIdentityDrift, needsRecreation } from './identity.js';
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

/** The create or clone of an absent CT: what it says, and its command. */
function build(facts: NodeFacts, p: LxcCreateParams): { detail: string; commands: Command[] } {
  if (p.clone) {
    // a source on another node of the cluster (shared storage): the clone runs there, --target this node
    const lag = snapshotLag(facts, p);
    const state = lag.length
      ? `: the snapshot predates feature${lag.length > 1 ? 's' : ''} ${lag.join(', ')}: the clone gets the snapshot's state`
      : '';
    return { detail: `clone ${p.clone.from}@${p.clone.snapname} -> ${p.vmid}${state}`, commands: [cmd(cloneArgv(p), p.clone.node ? { on: p.clone.node } : {})] };
  }
  if (!p.template) throw new Error(`CT ${p.vmid} has neither clone_from_ctid nor template`);
  return { detail: `create ${p.vmid} from ${p.template}`, commands: [cmd(createArgv(p))] };
}

/** --recreate: destroy the CT, then create it as an absent one. `why`: what makes it need that. */
function recreate(facts: NodeFacts, g: GuestFacts, p: LxcCreateParams, why: string, diff: FieldDiff[]): TaskPlan {
  const destroy = destroyForRecreate(facts, g, why);
  const again = build(facts, p);
  return act({ kind: 'create', detail: `re-create (${why}): destroy CT ${p.vmid}, then ${again.detail}`, ...(diff.length ? { diff } : {}) }, ...destroy, ...again.commands);
}

export const lxcCreate: TaskDef<LxcCreateParams, 'lxc.create'> = {
  name: 'lxc.create',
  schema: lxcCreateSchema,
  mutates: true,
  reconfigure: false,
  recreates: true,
  // creating an absent CT needs no ownership; acting on an existing one (re-creating, unlocking) does
  owned: true,
  // live status: a re-created CT is stopped whatever the old one was
  reread: 'guest-status',
  guests: (p) => [p.vmid],
  // the source is read only to make the CT (a clone): not while it exists and nothing asks to re-create it
  sources: (p, facts) => (p.clone && !(facts && !p.recreate && guestOf(facts, p.vmid)) ? [p.clone.from] : []),
  resources: (p, node) => [`storage:${node}:${p.storage}`, ...(p.clone ? [`clone:${p.clone.from}`] : [])],
  title: (p) => (p.mustExist ? `CT ${p.vmid}: as created (unprivileged, arch, rootfs storage)`
    : p.clone ? `CT ${p.vmid}: clone from ${p.clone.from}@${p.clone.snapname}` : `CT ${p.vmid}: create from ${p.template}`),
  plan(facts, p) {
    const done = existing(facts, p.vmid, 'lxc');
    const g = guestOf(facts, p.vmid);
    if (!done || !g) {
      if (p.mustExist) throw new Error(`CT ${p.vmid} does not exist on ${facts.node}: create it first`);
      const b = build(facts, p);
      return act(create(b.detail), ...b.commands);
    }
    const left = leftLock(g);
    if (left?.role === 'target') {
      // half made: its config may hold nothing but the lock, so there is nothing to compare
      if (!p.recreate) throw new Error(leftLockMessage(g, hasOwnerTag(g.config)));
      return recreate(facts, g, p, `left locked (${left.lock}) by an interrupted create or clone`, []);
    }
    const drift = lxcIdentityDrift(g.config, { unprivileged: p.unprivileged, storage: p.storage, ...(p.arch !== undefined ? { arch: p.arch } : {}) });
    if (drift.length) {
      if (!p.recreate) throw new Error(needsRecreation(p.vmid, drift));
      return recreate(facts, g, p, drift.map((d) => `${d.field} ${d.from ?? '(unset)'} -> ${d.to ?? '(unset)'}`).join(', '), drift);
    }
    if (left) {
      // the source of a clone that never finished: its data is intact, only the lock is left
      if (!p.recreate) throw new Error(leftLockMessage(g, hasOwnerTag(g.config)));
      return act(update(`unlock: left locked (${left.lock}) by an interrupted clone from it`), cmd(['pct', 'unlock', p.vmid]));
    }
    return { change: done, commands: [] };
  },
};
