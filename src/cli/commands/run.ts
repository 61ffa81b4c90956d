// `phoenix run <verb>` / `phoenix <verb> ids`: compile, then (unless --dry-run) run on the nodes.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compile } from '../../compile/compile.js';
import { describePlan } from '../../compile/describe.js';
import type { Plan } from '../../compile/plan.js';
import type { Verb } from '../../compile/targets.js';
import { loadModel } from '../../inventory/load-model.js';
import type { Model } from '../../inventory/model.js';
import { junitXml } from '../../runner/junit.js';
import { pickRenderer } from '../../runner/pick-renderer.js';
import { runPlan } from '../../runner/run-plan.js';
import { formatSummary } from '../../runner/summary.js';
import { println, type Io } from '../io.js';
import type { Options } from '../parse-args.js';

export async function loadFor(io: Io, o: Options): Promise<Model> {
  const model = await loadModel({ cwd: io.cwd, ...(o.config ? { configFile: o.config } : {}), ...(o.inventory ? { inventoryFile: o.inventory } : {}) });
  for (const w of model.warnings) println(io.stderr, `warning: ${w}`);
  return model;
}

export async function execute(io: Io, plan: Plan, model: Model, o: Options): Promise<number> {
  const human = o.json ? io.stderr : io.stdout;
  if (o.dryRun) {
    for (const l of describePlan(plan)) println(human, l);
    println(human, 'dry run: no node was contacted');
    return 0;
  }
  for (const n of plan.notes ?? []) println(human, `note: ${n}`);
  if (!plan.steps.length) { println(human, `Nothing to do for '${plan.verb}'.`); return 0; }
  const { summary, outcomes } = await runPlan(plan, model.inventory.nodes, {
    check: o.check,
    renderer: pickRenderer(human, io.env),
    stream: human,
    acceptNewHostKeys: o.acceptNewHostKeys,
    ...(o.concurrency ? { limits: { total: o.concurrency } } : {}),
  });
  for (const l of formatSummary(summary, o.check)) println(human, l);
  if (o.junit) {
    await writeFile(resolve(io.cwd, o.junit), junitXml(plan.steps, outcomes));
    println(human, `JUnit report: ${o.junit}`);
  }
  if (summary.counts.failed || summary.counts['not-run'] || summary.unreachable.length) return 1;
  if (o.check && (summary.counts.pending || summary.counts.unknown)) return 2;
  return 0;
}

export async function runCommand(io: Io, verb: Verb, ids: string[], o: Options): Promise<number> {
  const model = await loadFor(io, o);
  return execute(io, compile(model, verb, { ids, all: o.all, wipeDisks: o.wipeDisks, ...(o.suite ? { suite: o.suite } : {}) }), model, o);
}
