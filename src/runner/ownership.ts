// Ownership: a guest that exists with a configured id but carries no Phoenix record (the `phoenix` tag) was
// built by someone else (the old Bash tool, a human). Phoenix never reconfigures, clones over or deletes it
// without --adopt; power verbs and probes still work on it. Which tasks need it is the task's `owned` flag, and
// the guests it applies to are the task's `guests(params)`, never a playbook's `guest:` field.
import { PhoenixError } from '../errors.js';
import type { GuestFacts } from '../tasks/facts.js';
import { joinTags, OWNER_TAG, splitTags } from '../tasks/tags.js';

export class NotOwned extends PhoenixError {
  readonly kind = 'task' as const;
  constructor(readonly vmid: string, readonly node: string) {
    super(`${vmid} on ${node} exists but carries no Phoenix record (tag '${OWNER_TAG}'): it was not built by Phoenix; run with --adopt to manage it`);
  }
}

export const isOwned = (g: GuestFacts): boolean => splitTags(g.config.tags).includes(OWNER_TAG);

/** argv that records ownership of an adopted guest. */
export function adoptArgv(g: GuestFacts): string[] {
  return [g.type === 'lxc' ? 'pct' : 'qm', 'set', g.vmid, '--tags', joinTags([...splitTags(g.config.tags), OWNER_TAG])];
}
