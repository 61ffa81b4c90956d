// Phoenix's records live in the guest's own Proxmox config, as tags: PVE copies tags into snapshots and clones
// (a clone of a template already carries its features), and they vanish with the guest. `description` would be
// lost by every clone from a snapshot (__snapshot_copy_config skips it).
export const OWNER_TAG = 'phoenix';

export const splitTags = (v: string | undefined): string[] => (v ?? '').split(/[;, ]+/).map((t) => t.trim()).filter(Boolean);
export const joinTags = (tags: readonly string[]): string => [...new Set(tags)].sort().join(';');

const FEATURE = /^phx-f-([0-9a-f]{8})-(.+)$/i;
const APP = /^phx-a-([0-9a-f]{8})$/i;

export const featureTag = (name: string, hash: string): string => `phx-f-${hash.slice(0, 8)}-${name}`.toLowerCase();
export const appTag = (hash: string): string => `phx-a-${hash.slice(0, 8)}`.toLowerCase();

/** Applied features, name -> short hash. */
export function appliedFeatures(tags: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tags) {
    const m = FEATURE.exec(t);
    if (m) out.set(m[2]!.toLowerCase(), m[1]!.toLowerCase());
  }
  return out;
}

export const appliedApp = (tags: readonly string[]): string | undefined => tags.map((t) => APP.exec(t)?.[1]).find(Boolean)?.toLowerCase();

/** Tags with the record of `name` replaced by the one for `hash`. */
export function withFeature(tags: readonly string[], name: string, hash: string): string[] {
  return [...tags.filter((t) => FEATURE.exec(t)?.[2]?.toLowerCase() !== name.toLowerCase()), featureTag(name, hash)];
}

export const withApp = (tags: readonly string[], hash: string): string[] => [...tags.filter((t) => !APP.test(t)), appTag(hash)];
