// `phoenix run <verb>` / `phoenix <verb> ids` / playbooks: compile (unless given a plan), then run on the nodes,
// under the run lock, with a journal, --json events, and a clean stop on SIGINT.
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { compile } from '../../compile/compile.js';
import { describePlan } from '../../compile/describe.js';
import type { Plan } from '../../compile/plan.js';
import type { Verb } from '../../compile/targets.js';
import type { Model } from '../../inventory/model.js';
import { ndjsonWriter, now, planEvent, type Emit, type RunEvent } from '../../runner/events.js';
import { journal, newRunId } from '../../runner/journal.js';
import { junitXml } from '../../runner/junit.js';
import { pickRenderer } from '../../runner/pick-renderer.js';
import { runPlan } from '../../runner/run-plan.js';
import { maskDeep } from '../../runner/secrets.js';
import { takeRunLock } from '../../runner/run-lock.js';
import { formatSummary } from '../../runner/summary.js';
import { println, type Io } from '../io.js';
import { loadFor } from '../load.js';
import type { Options } from '../parse-args.js';

export { loadFor };

/** `.phoenix/` beside the config file: journal and lock live there. */
export const stateDirOf = (model: Model, io: Io): string => join(model.configFile ? dirname(model.configFile) : io.cwd, '.phoenix');

/** Ctrl-C: stop dispatching, let running steps finish (at most `graceMs`), then stop; a second Ctrl-C quits now. */
function interrupts(human: NodeJS.WritableStream, graceMs = 60_000): { stopped: () => boolean; dispose: () => void } {
  let stop = false;
  let timer: NodeJS.Timeout | undefined;
  const onSig = (): void => {
    if (stop) process.exit(130);
    stop = true;
    println(human, `Interrupted: no new steps are started; waiting up to ${graceMs / 1000}s for the running ones (Ctrl-C again to quit now).`);
    timer = setTimeout(() => { println(human, 'Interrupted: running steps did not finish in time; quitting (see the journal).'); process.exit(130); }, graceMs);
    timer.unref();
  };
  process.on('SIGINT', onSig);
  process.on('SIGTERM', onSig);
  return { stopped: () => stop, dispose: () => { process.off('SIGINT', onSig); process.off('SIGTERM', onSig); if (timer) clearTimeout(timer); } };
}

export async function execute(io: Io, plan: Plan, model: Model, o: Options): Promise<number> {
  const human = o.json ? io.stderr : io.stdout;
  if (o.dryRun) {
    for (const l of describePlan(plan)) println(human, l);
    println(human, 'dry run: no node was contacted');
    return 0;
  }
  for (const n of plan.notes ?? []) println(human, `note: ${n}`);
  const runId = newRunId();
  const dir = stateDirOf(model, io);
  const release = o.check ? () => undefined : takeRunLock(join(dir, 'run.lock'));
  const sig = interrupts(human);
  const j = journal(join(dir, 'runs'), runId);
  const out: Emit | undefined = o.json ? ndjsonWriter(io.stdout) : undefined;
  const emit = (e: RunEvent): void => {
    const safe = maskDeep(e);
    j.emit(safe);
    if (out && safe.event !== 'command') out(safe);
  };
  try {
    emit({ event: 'run_start', ts: now(), run_id: runId, verb: plan.verb, targets: plan.targets, check: o.check });
    emit(planEvent(plan));
    const { summary, outcomes } = await runPlan(plan, model.inventory.nodes, {
      check: o.check,
      renderer: pickRenderer(human, io.env),
      stream: human,
      acceptNewHostKeys: o.acceptNewHostKeys,
      adopt: o.adopt,
      baseDir: model.configFile ? dirname(model.configFile) : io.cwd,
      scriptsDir: model.scriptsDir,
      emit,
      stopped: sig.stopped,
      limits: { ...model.limits, ...(o.concurrency ? { total: o.concurrency } : {}) },
    });
    for (const l of formatSummary(summary, o.check)) println(human, l);
    println(human, `Journal: ${j.path}`);
    if (o.junit) {
      await writeFile(resolve(io.cwd, o.junit), junitXml(plan.steps, outcomes));
      println(human, `JUnit report: ${o.junit}`);
    }
    let code = 0;
    if (summary.counts.failed || summary.counts['not-run'] || summary.unreachable.length) code = 1;
    else if (o.check && (summary.counts.pending || summary.counts.unknown)) code = 2;
    emit({ event: 'run_end', ts: now(), exit_code: code, duration_ms: summary.wallMs, state_read_ms: summary.factsMs, counts: summary.counts, commands_sent: summary.commandsSent, state_reads: summary.factCommands, unreachable: summary.unreachable, slowest: summary.slowest });
    return code;
  } finally {
    sig.dispose();
    release();
  }
}

export async function runCommand(io: Io, verb: Verb, ids: string[], o: Options): Promise<number> {
  const model = await loadFor(io, o);
  return execute(io, compile(model, verb, { ids, all: o.all, wipeDisks: o.wipeDisks, applyPending: o.applyPending, ...(o.suite ? { suite: o.suite } : {}) }), model, o);
}
