// Datacenter firewall rules: parsing `pvesh get … --output-format json`, comparing, and the edit sequence that
// turns the current list into the wanted one, adding before deleting so the node is never without its rules.
import type { FwRule } from './host-facts.js';

export type WantedRule = Omit<FwRule, 'pos'>;

const FIELDS = ['macro', 'proto', 'dport', 'sport', 'source', 'dest', 'iface', 'comment'] as const;

export function ruleKey(r: WantedRule): string {
  const parts = [`${r.type.toLowerCase()} ${r.action}`, r.enable ? 'on' : 'off'];
  for (const f of FIELDS) {
    const v = r[f]?.trim();
    if (v) parts.push(`${f}=${f === 'proto' ? v.toLowerCase() : v}`);
  }
  return parts.join(' ');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** The JSON array of `pvesh get /cluster/firewall/rules --output-format json`. */
export function parseFwRules(json: string): FwRule[] {
  const data: unknown = JSON.parse(json || '[]');
  if (!Array.isArray(data)) throw new Error('firewall rules: expected a JSON array');
  return data.map((x: Record<string, unknown>, i) => {
    const r: FwRule = { pos: typeof x.pos === 'number' ? x.pos : i, type: str(x.type) ?? '', action: str(x.action) ?? '', enable: x.enable === true || String(x.enable) === '1' };
    for (const f of FIELDS) { const v = str(x[f]); if (v !== undefined) r[f] = v; }
    return r;
  }).sort((a, b) => a.pos - b.pos);
}

/** The JSON object of `pvesh get /cluster/firewall/options --output-format json`, values as strings. */
export function parseFwOptions(json: string): Record<string, string> {
  const data: unknown = JSON.parse(json || '{}');
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('firewall options: expected a JSON object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (k !== 'digest' && v !== null && v !== undefined) out[k] = String(v);
  return out;
}

export type RuleOp =
  | { op: 'create'; rule: WantedRule; moveto?: number }
  | { op: 'delete'; pos: number };

/**
 * Edits from `have` to `want`: rules already in the right relative order are kept; each missing rule is created
 * (PVE inserts at the top) and moved into place; then stale rules are deleted from the bottom up.
 */
export function planRules(have: readonly FwRule[], want: readonly WantedRule[]): RuleOp[] {
  const list = have.map((r) => ({ key: ruleKey(r), keep: false }));
  const ops: RuleOp[] = [];
  let cursor = 0;
  for (const w of want) {
    const key = ruleKey(w);
    const idx = list.findIndex((x, i) => i >= cursor && !x.keep && x.key === key);
    if (idx >= 0) { list[idx]!.keep = true; cursor = idx + 1; continue; }
    // created at position 0; `moveto` = the index (after the insert) of the rule it must precede
    ops.push(cursor === 0 ? { op: 'create', rule: w } : { op: 'create', rule: w, moveto: cursor + 1 });
    list.splice(cursor, 0, { key, keep: true });
    cursor++;
  }
  for (let i = list.length - 1; i >= 0; i--) if (!list[i]!.keep) ops.push({ op: 'delete', pos: i });
  return ops;
}

export function createArgs(r: WantedRule): string[] {
  const a = ['--type', r.type, '--action', r.action, '--enable', r.enable ? '1' : '0'];
  for (const f of FIELDS) { const v = r[f]; if (v) a.push(`--${f}`, v); }
  return a;
}
