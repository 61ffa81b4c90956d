// ZFS property values: `recordsize=128K,compression=lz4` strings, and comparing wanted values with `zfs get -p` output.

/** Properties whose values are byte counts (`zfs get -p` prints them as exact integers). */
const SIZE_PROPS = new Set([
  'recordsize', 'volblocksize', 'volsize', 'quota', 'refquota', 'reservation', 'refreservation', 'special_small_blocks',
]);

const SHIFT: Record<string, number> = { '': 0, B: 0, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };

/** zfs_nicestrtonum: `128K`, `1.4T`, `800G`, `1M`, `512`, `none` -> bytes (fractions truncated, as ZFS does). */
export function zfsBytes(v: string): number | undefined {
  const s = v.trim();
  if (s === 'none' || s === '-') return 0;
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*([BKMGTPE]?)(?:I?B)?$/i.exec(s);
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * 1024 ** (SHIFT[(m[2] ?? '').toUpperCase()] ?? 0));
}

/** `a=b,c=d` -> { a: 'b', c: 'd' } (the hypervisor config's `properties`). */
export function parseZfsProps(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** Does the current value satisfy the wanted one? Sizes numerically, the rest case-insensitively. */
export function sameZfsValue(prop: string, have: string | undefined, want: string): boolean {
  if (have === undefined) return false;
  if (SIZE_PROPS.has(prop)) {
    const a = zfsBytes(have);
    const b = zfsBytes(want);
    if (a !== undefined && b !== undefined) return Math.abs(a - b) <= 1;
  }
  return have.trim().toLowerCase() === want.trim().toLowerCase();
}

/** Wanted properties whose current value differs: [prop, want, have]. */
export function zfsPropDiff(have: Record<string, { value: string }>, want: Record<string, string>): [string, string, string | null][] {
  return Object.entries(want)
    .filter(([k, v]) => !sameZfsValue(k, have[k]?.value, v))
    .map(([k, v]) => [k, v, have[k]?.value ?? null]);
}
