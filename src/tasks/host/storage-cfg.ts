// /etc/pve/storage.cfg (SectionConfig): `type: id` then indented `key value` lines (a bare key means 1).
import type { StorageFacts } from './host-facts.js';

export function parseStorageCfg(text: string): Record<string, StorageFacts> {
  const out: Record<string, StorageFacts> = {};
  let cur: StorageFacts | undefined;
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    const head = /^([a-z0-9]+):\s*(\S+)\s*$/.exec(line);
    if (head) {
      cur = { type: head[1]!, props: {} };
      out[head[2]!] = cur;
      continue;
    }
    const kv = /^\s+(\S+)(?:\s+(.*?))?\s*$/.exec(line);
    if (kv && cur) cur.props[kv[1]!] = kv[2] ?? '1';
    else if (!line.trim()) cur = undefined;
  }
  return out;
}

/** Content types as a sorted set string, for comparison. */
export const contentKey = (c: string | readonly string[] | undefined): string =>
  [...new Set((typeof c === 'string' ? c.split(',') : c ?? []).map((x) => x.trim()).filter(Boolean))].sort().join(',');
