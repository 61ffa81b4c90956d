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

/** Sizes to MiB: `8G`, `8192M`, `512`, `1T`. */
export function sizeMiB(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)B?$/i.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toUpperCase();
  const f: Record<string, number> = { K: 1 / 1024, '': 1, M: 1, G: 1024, T: 1024 * 1024 };
  return n * (f[unit] ?? 1);
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
