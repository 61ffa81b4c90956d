// The record of a passed health check: a tag `phx-h-<hash8>-<vmid>` in the guest's own config (tags.ts says why
// tags), so it is read with the config in the node's one state read. <hash8> names the check (its argv and its
// script's sha256): a changed check runs again. It names the guest like the application record does: PVE copies
// tags into snapshots and clones, and a clone's inherited pass does not vouch for the clone. Written only after the
// check passed; removed before the check runs again, so a check that fails leaves no pass behind and runs (and
// fails, blocking the guest's dependants) on every later converge until it passes.
import { createHash } from 'node:crypto';

const HEALTH = /^phx-h-([0-9a-f]{8})-(\d+)$/i;

export const healthTag = (hash: string, vmid: string): string => `phx-h-${hash.slice(0, 8)}-${vmid}`.toLowerCase();

/** The short hash of a check: what it runs (argv, and the script's content when it has one). */
export function checkHash(argv: readonly string[], scriptSha256: string | undefined): string {
  return createHash('sha256').update(JSON.stringify({ argv, script: scriptSha256 ?? null })).digest('hex').slice(0, 8);
}

/** The hash of the passed check recorded for guest `vmid` itself (an inherited record does not count). */
export function passedHealth(tags: readonly string[], vmid: string): string | undefined {
  for (const t of tags) {
    const m = HEALTH.exec(t);
    if (m && m[2] === vmid) return m[1]!.toLowerCase();
  }
  return undefined;
}

/** Tags without `vmid`'s own health record. */
export const withoutHealth = (tags: readonly string[], vmid: string): string[] => tags.filter((t) => HEALTH.exec(t)?.[2] !== vmid);

/** Tags with every health record (its own old one, any inherited from a source) replaced by `vmid`'s pass of `hash`. */
export const withHealth = (tags: readonly string[], hash: string, vmid: string): string[] => [...tags.filter((t) => !HEALTH.test(t)), healthTag(hash, vmid)];
