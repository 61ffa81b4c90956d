// From the api-viewer tree (pve-docs `apidata.js` as JSON: nodes with `path`, `info.{GET,POST,PUT,DELETE}` and
// `children`) to the compact extract: every method's parameter properties, descriptions dropped.
import { methodKey, type HttpMethod, type Method, type Prop } from './types.js';

interface RawNode { path?: unknown; info?: Record<string, { name?: unknown; parameters?: { properties?: Record<string, unknown> } }>; children?: unknown }

const KEEP_SCALARS = ['type', 'pattern', 'minimum', 'maximum', 'maxLength', 'minLength', 'alias', 'keyAlias', 'requires'] as const;

function compactProp(raw: unknown): Prop {
  const r = (raw ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of KEEP_SCALARS) {
    const v = r[k];
    if (v === undefined) continue;
    // minimum/maximum are numbers, sometimes written as strings ('0') in the Perl source
    out[k] = (k === 'minimum' || k === 'maximum') && typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
  }
  if (r.optional) out.optional = 1;
  if (r.default_key) out.default_key = 1;
  if (Array.isArray(r.enum)) out.enum = r.enum.map(String);
  if (typeof r.format === 'string') {
    out.format = r.format;
    if (typeof r.typetext === 'string') out.typetext = r.typetext;
  } else if (r.format && typeof r.format === 'object') {
    out.format = Object.fromEntries(Object.entries(r.format as Record<string, unknown>).map(([k, v]) => [k, compactProp(v)]));
  }
  if (r.items && typeof r.items === 'object') out.items = compactProp(r.items);
  return out as Prop;
}

export function extractMethods(tree: unknown, source: string): Record<string, Method> {
  const methods: Record<string, Method> = {};
  const walk = (nodes: unknown): void => {
    if (!Array.isArray(nodes)) return;
    for (const n of nodes as RawNode[]) {
      if (typeof n.path === 'string') {
        for (const [m, info] of Object.entries(n.info ?? {})) {
          if (!['GET', 'POST', 'PUT', 'DELETE'].includes(m)) continue;
          const props = info.parameters?.properties ?? {};
          methods[methodKey(m as HttpMethod, n.path)] = {
            path: n.path,
            method: m as HttpMethod,
            name: typeof info.name === 'string' ? info.name : '',
            properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, compactProp(v)])),
          };
        }
      }
      walk(n.children);
    }
  };
  walk(tree);
  if (Object.keys(methods).length === 0) throw new Error(`${source}: no API methods found (not an api-viewer tree?)`);
  return methods;
}
