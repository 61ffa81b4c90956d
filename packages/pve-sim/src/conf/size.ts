// Disk sizes: PVE::JSONSchema::parse_size / format_size (bytes <-> `8G`, `512M`, `4K`).
const UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

export function parseSize(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(v);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (UNIT[m[2] as string] as number));
}

export function formatSize(size: number): string {
  const kb = Math.floor(size / 1024);
  if (kb * 1024 !== size) return String(size);
  const mb = Math.floor(kb / 1024);
  if (mb * 1024 !== kb) return `${kb}K`;
  const gb = Math.floor(mb / 1024);
  if (gb * 1024 !== mb) return `${mb}M`;
  const tb = Math.floor(gb / 1024);
  if (tb * 1024 !== gb) return `${gb}G`;
  return `${tb}T`;
}

export const GiB = 1024 ** 3;
