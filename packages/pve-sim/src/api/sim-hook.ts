// The simulator's use of the validator: before a `pct`/`qm`/`pvesh`/`pvesm` call runs, its argv is checked
// against the PVE API schema and refused with PVE's text and exit code (255 for parameter errors, 1 for pvesh's
// `No 'get' handler defined for '/x'`). Unknown commands are left to the tool (it prints PVE's command list).
// Without a schema (PVE_SIM_API_SCHEMA=none, or none at the default place) nothing is checked.
// An accepted argv is remembered (an empty file named by its digest in the extract's cache dir), so the many
// repeated calls of a test suite skip loading the validator at all. The verdicts are kept per build of the
// validator (tsc rewrites every output file, so the mtime of check-argv.js names the build): a changed validator
// never trusts an old verdict.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { SimError } from '../core/errors.js';
import { digest, loadApiSchema, locateSchema, type SchemaCache } from './load-schema.js';

const TOOLS = new Set(['pct', 'qm', 'pvesh', 'pvesm', 'pveam']);

export async function assertApiArgs(env: SimEnv, tool: string, args: readonly string[]): Promise<void> {
  if (!TOOLS.has(tool)) return;
  let at: SchemaCache | undefined;
  try {
    at = locateSchema();
  } catch (e) {
    throw new SimError(`pve-sim: ${e instanceof Error ? e.message : String(e)}`, 255);
  }
  if (!at) return;
  let build = 0;
  try { build = Math.trunc(statSync(new URL('./check-argv.js', import.meta.url)).mtimeMs); } catch { /* no verdict cache */ }
  const okDir = join(at.dir, `ok-${build}`);
  const okFile = join(okDir, digest([env.node, tool, ...args].join('\0')));
  if (build && existsSync(okFile)) return;
  const api = loadApiSchema(process.env, at);
  if (!api) return;
  const { checkArgv } = await import('./check-argv.js');
  const r = checkArgv(api, [tool, ...args], { node: env.node });
  if (r.status === 'refused') throw new SimError(r.stderr, r.code);
  if (r.status === 'ok' && build) {
    try {
      if (!existsSync(okDir)) {
        // verdicts of older builds are worthless now
        for (const d of readdirSync(at.dir)) if (d.startsWith('ok-')) rmSync(join(at.dir, d), { recursive: true, force: true });
        mkdirSync(okDir, { recursive: true });
      }
      writeFileSync(okFile, '');
    } catch { /* only a cache */ }
  }
}
