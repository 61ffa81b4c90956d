// Defensive readers for the loosely structured hypervisor config (the schema validated it; types do not know that).
export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
export const strs = (v: unknown): string[] => arr(v).map(str).filter((x): x is string => x !== undefined);

/** `a.b.c` of the config. */
export function at(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const k of path.split('.')) cur = obj(cur)[k];
  return cur;
}

/** A value that will be written into a config file line: one line, no control characters. */
export function oneLine(v: string, where: string, problems: string[]): string {
  if (/[\r\n\0]/.test(v)) problems.push(`phoenix_hypervisor_config.json: ${where}: must be a single line`);
  return v.replace(/[\r\n\0]+/g, ' ');
}
