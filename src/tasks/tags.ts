// Phoenix's records live in the guest's own Proxmox config, as tags: PVE copies tags into snapshots and clones
// (a clone of a template already carries its features), and they vanish with the guest. `description` would be
// lost by every clone from a snapshot (__snapshot_copy_config skips it).
// Feature records are meant to be inherited (a clone of a template has its features). The application script's
// record is not: the script takes the guest's id, so it must run in every guest that lists it. Its record names
// the guest (`phx-a-<hash8>-<vmid>`); one a clone inherited names its source and does not count.
export const OWNER_TAG = 'phoenix';

export const splitTags = (v: string | undefined): string[] => (v ?? '').split(/[;, ]+/).map((t) => t.trim()).filter(Boolean);
export const joinTags = (tags: readonly string[]): string => [...new Set(tags)].sort().join(';');

/** Does the guest carry Phoenix's ownership tag? */
export const hasOwnerTag = (config: Readonly<Record<string, string>>): boolean => splitTags(config.tags).includes(OWNER_TAG);

/** Phoenix's own records among the tags (feature, application and health records, health-record.ts): written only by Phoenix's tasks. */
export const phoenixRecords = (tags: readonly string[]): string[] => tags.filter((t) => /^phx-[fah]-/i.test(t));

const FEATURE = /^phx-f-([0-9a-f]{8})-(.+)$/i;
// `phx-a-<hash8>` (no vmid) is the record of Phoenix before it named the guest: not knowing whose it is, it counts
// for no guest (the script runs once more and the record is replaced).
const APP = /^phx-a-([0-9a-f]{8})(?:-(\d+))?$/i;

export const featureTag = (name: string, hash: string): string => `phx-f-${hash.slice(0, 8)}-${name}`.toLowerCase();
export const appTag = (hash: string, vmid: string): string => `phx-a-${hash.slice(0, 8)}-${vmid}`.toLowerCase();

/** Applied features, name -> short hash. */
export function appliedFeatures(tags: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tags) {
    const m = FEATURE.exec(t);
    if (m) out.set(m[2]!.toLowerCase(), m[1]!.toLowerCase());
  }
  return out;
}

/** The short hash of the application script applied in guest `vmid` itself (not a record inherited from a source). */
export function appliedApp(tags: readonly string[], vmid: string): string | undefined {
  for (const t of tags) {
    const m = APP.exec(t);
    if (m && m[2] === vmid) return m[1]!.toLowerCase();
  }
  return undefined;
}

/** An application record of another guest (inherited by cloning): `{ hash, vmid }`. */
export function inheritedApp(tags: readonly string[], vmid: string): { hash: string; vmid?: string } | undefined {
  for (const t of tags) {
    const m = APP.exec(t);
    if (m && m[2] !== vmid) return { hash: m[1]!.toLowerCase(), ...(m[2] !== undefined ? { vmid: m[2] } : {}) };
  }
  return undefined;
}

/** Tags with the record of `name` replaced by the one for `hash`. */
export function withFeature(tags: readonly string[], name: string, hash: string): string[] {
  return [...tags.filter((t) => FEATURE.exec(t)?.[2]?.toLowerCase() !== name.toLowerCase()), featureTag(name, hash)];
}

/** Tags with every application record (its own old one, and any inherited from a source) replaced by `vmid`'s. */
export const withApp = (tags: readonly string[], hash: string, vmid: string): string[] => [...tags.filter((t) => !APP.test(t)), appTag(hash, vmid)];
