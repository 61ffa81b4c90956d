// Where the API schema comes from, and its cached extract. The schema (1.2 MB) is read from `../shared` (never
// copied into the project): PVE_SIM_API_SCHEMA names it (`none` turns validation off), else
// <repo>/../shared/reference/pve-api-schema.json. The extract is cached once per schema file identity (path,
// mtime, size) in PVE_SIM_API_CACHE (default: <tmpdir>/pve-sim-api-<uid>), shared by all state dirs.
// (node:crypto, node:os and node:url are avoided on purpose: importing them costs a simulated call ~10 ms)
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { extractMethods } from './extract.js';
import { schemaOf, type ApiSchema, type Method } from './types.js';

/** Bump when extract.ts changes what it keeps: old cache files are then ignored. */
const EXTRACT_VERSION = 1;

// dist/src/api/load-schema.js -> the package root is three levels up, the repository two more
const PKG_ROOT = resolve(dirname(decodeURIComponent(new URL(import.meta.url).pathname)), '..', '..', '..');
export const DEFAULT_SCHEMA = resolve(PKG_ROOT, '..', '..', '..', 'shared', 'reference', 'pve-api-schema.json');

export interface SchemaLocation { file: string; explicit: boolean }

/** The schema file to use, or undefined when validation is turned off. */
export function schemaLocation(env: NodeJS.ProcessEnv = process.env): SchemaLocation | undefined {
  const v = env['PVE_SIM_API_SCHEMA'];
  if (v === 'none' || v === 'off') return undefined;
  return v ? { file: resolve(v), explicit: true } : { file: DEFAULT_SCHEMA, explicit: false };
}

function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env['PVE_SIM_API_CACHE']) return resolve(env['PVE_SIM_API_CACHE']);
  return join(env['TMPDIR'] || '/tmp', `pve-sim-api-${process.getuid?.() ?? 'u'}`);
}

/** FNV-1a, twice with different offsets: a 64-bit hex digest (cache names, not security). */
export function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** The schema file and the cache directory of its extract (keyed by path, mtime and size). */
export interface SchemaCache { file: string; dir: string }

export function locateSchema(env: NodeJS.ProcessEnv = process.env): SchemaCache | undefined {
  const loc = schemaLocation(env);
  if (!loc) return undefined;
  let st;
  try {
    st = statSync(loc.file);
  } catch {
    if (loc.explicit) throw new Error(`PVE_SIM_API_SCHEMA: cannot read '${loc.file}'`);
    return undefined;
  }
  return { file: loc.file, dir: join(cacheDir(env), `pve-api-v${EXTRACT_VERSION}-${digest(loc.file)}-${Math.trunc(st.mtimeMs)}-${st.size}`) };
}

/** A cached extract: one file per method plus the list of keys, read on demand. */
function cachedSchema(dir: string, source: string): ApiSchema {
  let keys: string[] | undefined;
  const methods = new Map<string, Method | undefined>();
  return {
    source,
    get keys() { return (keys ??= JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')) as string[]); },
    method(key) {
      if (!methods.has(key)) {
        let m: Method | undefined;
        try { m = JSON.parse(readFileSync(join(dir, `${encodeURIComponent(key)}.json`), 'utf8')) as Method; } catch { m = undefined; }
        methods.set(key, m);
      }
      return methods.get(key);
    },
  };
}

/** Write the extract as a cache directory (built aside, then renamed into place: readers never see half of it). */
function writeCache(dir: string, methods: Readonly<Record<string, Method>>): void {
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  for (const [k, m] of Object.entries(methods)) writeFileSync(join(tmp, `${encodeURIComponent(k)}.json`), JSON.stringify(m));
  writeFileSync(join(tmp, 'keys.json'), JSON.stringify(Object.keys(methods)));
  try { renameSync(tmp, dir); } catch { rmSync(tmp, { recursive: true, force: true }); /* another process was first */ }
}

/**
 * The extract of the schema: from the cache, or built (and cached) on first use. Undefined when there is no
 * schema (a default location that does not exist); an explicitly named file that is missing is an error.
 */
export function loadApiSchema(env: NodeJS.ProcessEnv = process.env, at: SchemaCache | undefined = locateSchema(env)): ApiSchema | undefined {
  if (!at) return undefined;
  if (existsSync(join(at.dir, 'keys.json'))) return cachedSchema(at.dir, at.file);
  const methods = extractMethods(JSON.parse(readFileSync(at.file, 'utf8')), at.file);
  try { mkdirSync(dirname(at.dir), { recursive: true, mode: 0o700 }); writeCache(at.dir, methods); } catch { /* an unwritable cache dir only costs time */ }
  return schemaOf(at.file, methods);
}
