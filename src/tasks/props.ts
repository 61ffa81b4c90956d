// Proxmox property strings (`name=eth0,bridge=vmbr0,ip=dhcp`) and value normalisation for diffs.
export function parseProps(s: string | undefined, defaultKey?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const part of s.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) { if (defaultKey) out[defaultKey] = part; continue; }
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

const TRUE = new Set(['1', 'on', 'yes', 'true']);
export const normBool = (v: string | undefined): string => (v !== undefined && TRUE.has(v.toLowerCase()) ? '1' : '0');

/**
 * A size as PVE prints it, in MiB: pve-common src/PVE/JSONSchema.pm `parse_size` (l. 1022: `^(\d+(\.\d+)?)([KMGT](?:iB)?)?$`,
 * units case-sensitive, a bare number is BYTES) reading what `format_size` writes (l. 1041: plain bytes when the
 * size is not a whole number of KiB, else the largest whole unit: `8G`, `512M`, `4K`, `1073741825`).
 * Undefined when PVE would not parse it either.
 */
export function sizeMiB(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(?:([KMGT])(?:iB)?)?$/.exec(v.trim());
  if (!m) return undefined;
  const f: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
  const bytes = Math.trunc(Number(m[1]) * (f[m[2] ?? ''] ?? 1)); // parse_size returns int($size)
  return bytes / 1024 ** 2;
}

/** Fields of `want` whose value differs in `have` (keys compared individually; MACs case-insensitively). */
export function propsDiff(have: Record<string, string>, want: Record<string, string>): string[] {
  const diff: string[] = [];
  for (const [k, v] of Object.entries(want)) {
    const h = have[k];
    const same = k === 'hwaddr' || k === 'macaddr' ? h?.toUpperCase() === v.toUpperCase() : h === v;
    if (!same) diff.push(k);
  }
  return diff;
}
