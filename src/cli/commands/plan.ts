// `phoenix plan <verb> [ids]`: compile only; prints (or writes) the plan. Contacts no node.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { compile } from '../../compile/compile.js';
import { planToJson, planToYaml } from '../../compile/to-yaml.js';
import type { Verb } from '../../compile/targets.js';
import { loadFor } from '../load.js';
import { println, type Io } from '../io.js';
import type { Options } from '../parse-args.js';

export async function planCommand(io: Io, verb: Verb, ids: string[], o: Options): Promise<number> {
  const model = await loadFor(io, o);
  const plan = compile(model, verb, { ids, all: o.all, wipeDisks: o.wipeDisks, applyPending: o.applyPending, ...(o.suite ? { suite: o.suite } : {}) });
  const text = o.format === 'json' ? planToJson(plan) : planToYaml(plan, o.config);
  if (o.output) {
    const out = resolve(io.cwd, o.output);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text);
    println(io.stderr, `wrote ${o.output}: ${plan.steps.length} steps`);
  } else io.stdout.write(text);
  return 0;
}
