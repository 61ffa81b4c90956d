// PVE::RESTHandler::find_handler for pvesh: split the path on slashes (empty fragments skipped), walk the tree; at
// each level a fixed name wins, else the one `{param}` child matches any fragment (`\S+`) and binds it.
import { methodKey, type ApiSchema, type HttpMethod, type Method } from './types.js';

export interface Handler { method: Method; uriParams: Record<string, string> }

interface Level { fixed: Map<string, Level>; param?: { name: string; next: Level }; paths: Set<string> }

const trees = new WeakMap<ApiSchema, Level>();

const level = (): Level => ({ fixed: new Map(), paths: new Set() });

function treeOf(schema: ApiSchema): Level {
  let root = trees.get(schema);
  if (root) return root;
  root = level();
  for (const key of schema.keys) {
    const path = key.slice(key.indexOf(' ') + 1);
    let at = root;
    for (const frag of path.split('/').filter((f) => f !== '')) {
      const p = /^\{([^}]+)\}$/.exec(frag);
      if (p) {
        at.param ??= { name: p[1] as string, next: level() };
        at = at.param.next;
      } else {
        let next = at.fixed.get(frag);
        if (!next) { next = level(); at.fixed.set(frag, next); }
        at = next;
      }
    }
    at.paths.add(path);
  }
  trees.set(schema, root);
  return root;
}

export function findHandler(schema: ApiSchema, method: HttpMethod, path: string): Handler | undefined {
  let at: Level | undefined = treeOf(schema);
  const uriParams: Record<string, string> = {};
  for (const frag of path.split(/\/+/).filter((f) => f !== '')) {
    const fixed: Level | undefined = at.fixed.get(frag);
    if (fixed) { at = fixed; continue; }
    if (!at.param || /\s/.test(frag)) return undefined;
    uriParams[at.param.name] = frag;
    at = at.param.next;
  }
  for (const p of at.paths) {
    const m = schema.method(methodKey(method, p));
    if (m) return { method: m, uriParams };
  }
  return undefined;
}
