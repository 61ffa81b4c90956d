// `phoenix plan <verb> [ids]`: compile only; prints (or writes) the plan. Contacts no node.
// Written to a file (-o), the playbook records its configuration relative to itself (`config`), so that
// `phoenix run <file>` finds it from any directory.
import { mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { compile } from '../../compile/compile.js';
import type { Plan } from '../../compile/plan.js';
import { planToJson, planToYamlBytes } from '../../compile/to-yaml.js';
import type { Verb } from '../../compile/targets.js';
import { loadFor } from '../load.js';
import { println, type Io } from '../io.js';
import { compileOptions, type Options } from '../parse-args.js';

/** The config file as a path relative to the directory of the playbook at `out` (POSIX separators, as YAML carries it). */
export function configRelativeTo(out: string, configFile: string): string {
  const rel = relative(dirname(out), configFile).split(sep).join('/');
  return rel.startsWith('.') || rel.startsWith('/') ? rel : `./${rel}`;
}

/**
 * A playbook file is whole or not there: written beside it and renamed over it, so a full disk or an interrupt never
 * leaves half a playbook in place of the previous one. Anything that is not a regular file (`-o /dev/null`, a fifo)
 * is written to as it is; a symlink's target is what gets replaced.
 */
async function writePlaybook(out: string, pieces: readonly (string | Buffer)[]): Promise<void> {
  const info = await stat(out).catch(() => undefined);
  if (info && !info.isFile()) { await writeFile(out, pieces); return; }
  const path = info ? await realpath(out) : out;
  const partial = `${path}.${process.pid}.partial`;
  try {
    await writeFile(partial, pieces, info ? { mode: info.mode & 0o7777 } : {});
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}

export async function planCommand(io: Io, verb: Verb, ids: string[], o: Options): Promise<number> {
  const model = await loadFor(io, o);
  const compiled = compile(model, verb, compileOptions(verb, ids, o));
  const out = o.output ? resolve(io.cwd, o.output) : undefined;
  // first in the file, where a reader looks for what the playbook runs against
  const plan: Plan = out && model.configFile ? { config: configRelativeTo(out, model.configFile), ...compiled } : compiled;
  const pieces = o.format === 'json' ? [planToJson(plan)] : planToYamlBytes(plan);
  if (out) {
    await mkdir(dirname(out), { recursive: true });
    await writePlaybook(out, pieces);
    println(io.stderr, `wrote ${o.output}: ${plan.steps.length} steps`);
  } else for (const p of pieces) io.stdout.write(p);
  return 0;
}
