// `phoenix plan <verb> [ids]`: compile only; prints (or writes) the plan. Contacts no node.
// Written to a file (-o), the playbook records its configuration relative to itself (`config`), so that
// `phoenix run <file>` finds it from any directory.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { compile } from '../../compile/compile.js';
import type { Plan } from '../../compile/plan.js';
import { planToJson, planToYaml } from '../../compile/to-yaml.js';
import type { Verb } from '../../compile/targets.js';
import { loadFor } from '../load.js';
import { println, type Io } from '../io.js';
import { compileOptions, type Options } from '../parse-args.js';

/** The config file as a path relative to the directory of the playbook at `out` (POSIX separators, as YAML carries it). */
export function configRelativeTo(out: string, configFile: string): string {
  const rel = relative(dirname(out), configFile).split(sep).join('/');
  return rel.startsWith('.') || rel.startsWith('/') ? rel : `./${rel}`;
}

export async function planCommand(io: Io, verb: Verb, ids: string[], o: Options): Promise<number> {
  const model = await loadFor(io, o);
  const compiled = compile(model, verb, compileOptions(verb, ids, o));
  const out = o.output ? resolve(io.cwd, o.output) : undefined;
  // first in the file, where a reader looks for what the playbook runs against
  const plan: Plan = out && model.configFile ? { config: configRelativeTo(out, model.configFile), ...compiled } : compiled;
  const text = o.format === 'json' ? planToJson(plan) : planToYaml(plan);
  if (out) {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text);
    println(io.stderr, `wrote ${o.output}: ${plan.steps.length} steps`);
  } else io.stdout.write(text);
  return 0;
}
