// Ownership: a guest that exists with a configured id but carries no Phoenix record (the `phoenix` tag) was
// built by someone else (the old Bash tool, a human). Phoenix never reconfigures, clones over or deletes it
// without --adopt; power verbs and probes still work on it. Which tasks need it is the task's `owned` flag, and
// the guests it applies to are the task's `guests(params)`, never a playbook's `guest:` field.
//
// A lost tag: a guest Phoenix built whose `phoenix` tag was removed is not taken back silently, even when its
// other tags still carry Phoenix's feature or application records (`phx-f-…`, `phx-a-…`). Those records do not
// prove who owns the guest now: PVE copies tags into every clone (a clone made by hand of a Phoenix template
// carries them too), anyone can write them, and removing the ownership tag is how an operator takes a guest out of
// Phoenix's hands. So the config step names the missing tag as drift (src/tasks/lxc/config.ts, vm/config.ts), and
// acting on the guest is refused with a plain line saying the tag is gone; --adopt re-tags it.
import { PhoenixError } from '../errors.js';
import type { GuestFacts } from '../tasks/facts.js';
import { leftLock } from '../tasks/interrupted.js';
import { hasOwnerTag, joinTags, OWNER_TAG, phoenixRecords, splitTags } from '../tasks/tags.js';

/** Why `g` is not (or no longer) proven Phoenix's, and the way out. */
function notOwnedMessage(vmid: string, node: string, g: GuestFacts | undefined): string {
  const records = g ? phoenixRecords(splitTags(g.config.tags)) : [];
  if (records.length) {
    return `${vmid} on ${node} carries Phoenix's records (${records.join(', ')}) but not its ownership tag '${OWNER_TAG}': `
      + 'the tag was removed, so it is no longer proven Phoenix\'s; run with --adopt to manage it again (re-tags it)';
  }
  const left = g ? leftLock(g) : undefined;
  if (left?.role === 'target') {
    return `${vmid} on ${node} was left locked (${left.lock}) by an interrupted create or clone and carries no Phoenix record `
      + `(tag '${OWNER_TAG}') yet: run with --adopt to take it over (with --recreate: destroyed and created again)`;
  }
  return `${vmid} on ${node} exists but carries no Phoenix record (tag '${OWNER_TAG}'): it was not built by Phoenix; run with --adopt to manage it`;
}

export class NotOwned extends PhoenixError {
  readonly kind = 'task' as const;
  constructor(readonly vmid: string, readonly node: string, g?: GuestFacts) {
    super(notOwnedMessage(vmid, node, g));
  }
}

export const isOwned = (g: GuestFacts): boolean => hasOwnerTag(g.config);

/**
 * argv that records ownership of an adopted guest. A guest half made by an interrupted create or clone cannot take a
 * tag while it is locked (`pct set` / `qm set` die in check_lock, pve-guest-common src/PVE/AbstractConfig.pm:336):
 * adopting it releases the lock instead; the step that asked for it destroys it (delete, create --recreate), and a
 * re-created guest is tagged when it is made.
 */
export function adoptArgv(g: GuestFacts): string[] {
  if (leftLock(g)?.role === 'target') return [g.type === 'lxc' ? 'pct' : 'qm', 'unlock', g.vmid];
  return [g.type === 'lxc' ? 'pct' : 'qm', 'set', g.vmid, '--tags', joinTags([...splitTags(g.config.tags), OWNER_TAG])];
}
