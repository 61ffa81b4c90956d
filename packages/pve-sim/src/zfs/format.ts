// zfs output helpers: zfs_nicebytes and the column layout of `zfs list/get` and `zpool list`.
const UNITS = ['B', 'K', 'M', 'G', 'T', 'P', 'E'];

/** zfs_nicenum (bytes): exact multiples without decimals, else the most precise form of <= 5 chars. */
export function nicebytes(num: number): string {
  let n = num;
  let index = 0;
  while (n >= 1024 && index < UNITS.length - 1) { n = Math.floor(n / 1024); index++; }
  const u = UNITS[index] as string;
  if (index === 0 || num % 1024 ** index === 0) return `${n}${u}`;
  const val = num / 1024 ** index;
  for (let i = 2; i >= 0; i--) {
    const s = `${val.toFixed(i)}${u}`;
    if (s.length <= 5 || i === 0) return s;
  }
  return `${val.toFixed(0)}${u}`;
}

/** Parse `10G`, `512M`, `1.5T`, plain bytes. */
export function parseZfsSize(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([BKMGTPE]?)(?:i?B)?$/i.exec(v);
  if (!m) return undefined;
  const idx = UNITS.indexOf((m[2] || 'B').toUpperCase());
  return Math.round(Number(m[1]) * 1024 ** Math.max(idx, 0));
}

/**
 * Columns: with `scripted` (-H) tab-separated without header; otherwise padded to the widest cell,
 * two spaces apart, right-aligned where `right` says so, the last column unpadded.
 */
export function columns(header: string[], rows: string[][], scripted: boolean, right: (col: number) => boolean): string {
  if (scripted) return rows.map((r) => `${r.join('\t')}\n`).join('');
  const all = [header, ...rows];
  const w = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => `${r.map((c, i) => {
    if (i === r.length - 1 && !right(i)) return c;
    return right(i) ? c.padStart(w[i] ?? 0) : c.padEnd(w[i] ?? 0);
  }).join('  ')}\n`).join('');
}

export function zfsDate(epoch: number): string {
  const d = new Date(epoch * 1000);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()];
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${day} ${mon} ${String(d.getDate()).padStart(2)} ${two(d.getHours())}:${two(d.getMinutes())} ${d.getFullYear()}`;
}
