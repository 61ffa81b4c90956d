// `phoenix run <verb>` / `phoenix <verb> ids` / playbooks: compile (unless given a plan), then run on the nodes,
// under the run lock (one run per workspace) and the node locks (one run per node), with a journal that comes
// first, --json events, and a clean stop on SIGINT/SIGTERM (interrupts.ts).
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { compile } from '../../compile/compile.js';
import { describePlan } from '../../compile/describe.js';
import type { Plan } from '../../compile/plan.js';
import type { Verb } from '../../compile/targets.js';
import type { Model, NodeSpec } from '../../inventory/model.js';
import { ndjsonWriter, now, planEvent, type Emit, type RunEvent } from '../../runner/events.js';
import { faultLine, JournalBroken, newRunId, openJournal, type Journal } from '../../runner/journal.js';
import { junitXml } from '../../runner/junit.js';
import { wantColour } from '../../runner/colour.js';
import { lockNodes, type NodeLocks } from '../../runner/node-lock.js';
import { pickRenderer } from '../../runner/pick-renderer.js';
import { selfIdentity } from '../../runner/proc-identity.js';
import { runPlan, type RunOptions } from '../../runner/run-plan.js';
import { maskDeep } from '../../runner/secrets.js';
import { takeRunLock } from '../../runner/run-lock.js';
import { prepareStateDir } from '../../runner/state-dir.js';
import { formatSummary } from '../../runner/summary.js';
import { interrupts } from '../interrupts.js';
import { println, type Io } from '../io.js';
import { loadFor } from '../load.js';
import { compileOptions, type Options } from '../parse-args.js';

export { loadFor };

/** `.phoenix/` beside the config file: journal and lock live there. */
export const stateDirOf = (model: Model, io: Io): string => join(model.configFile ? dirname(model.configFile) : io.cwd, '.phoenix');

/** How long a run waits for a node another run holds: PHOENIX_LOCK_WAIT seconds (default 30). */
function lockWaitMs(env: NodeJS.ProcessEnv): number {
  const s = Number(env.PHOENIX_LOCK_WAIT);
  return env.PHOENIX_LOCK_WAIT !== undefined && Number.isFinite(s) && s >= 0 ? s * 1000 : 30_000;
}

const nodesOf = (plan: Plan, model: Model): NodeSpec[] =>
  [...new Set(plan.steps.map((s) => s.node))].map((n) => model.inventory.nodes[n]).filter((n): n is NodeSpec => n !== undefined);

/** --dry-run: the plan, and nothing else; with --json as events too (run_start, plan, run_end). No node, no journal. */
function dryRun(io: Io, plan: Plan, o: Options): number {
  const human = o.json ? io.stderr : io.stdout;
  const out = o.json ? ndjsonWriter(io.stdout) : undefined;
  out?.(maskDeep<RunEvent>({ event: 'run_start', ts: now(), run_id: newRunId(), verb: plan.verb, targets: plan.targets, check: false, dry_run: true }));
  out?.(maskDeep(planEvent(plan)));
  for (const l of describePlan(plan)) println(human, l);
  println(human, 'dry run: no node was contacted');
  out?.({ event: 'run_end', ts: now(), exit_code: 0, duration_ms: 0, state_read_ms: 0, counts: {}, commands_sent: 0, state_reads: {}, unreachable: [], slowest: [], dry_run: true });
  return 0;
}

export interface ExecuteExtra { resumedFrom?: string }

export async function execute(io: Io, plan: Plan, model: Model, o: Options, extra: ExecuteExtra = {}): Promise<number> {
  if (o.dryRun) return dryRun(io, plan, o);
  const human = o.json ? io.stderr : io.stdout;
  for (const n of plan.notes ?? []) println(human, `note: ${n}`);
  const configDir = model.configFile ? dirname(model.configFile) : io.cwd;
  const t0 = Date.now();
  // broken paths first (one line, nothing taken); then the workspace's lock; then the journal, before any node
  const state = prepareStateDir(stateDirOf(model, io));
  const release = o.check ? () => undefined : takeRunLock(state.lock, { onNote: (l) => println(human, l), config: configDir });
  let j: Journal | undefined;
  let locks: NodeLocks | undefined;
  // one JSON text per event, for the journal and --json alike (the --json stream leaves out the command records)
  const emit = (e: RunEvent): void => {
    const safe = maskDeep(e);
    const line = `${JSON.stringify(safe)}\n`;
    j?.emitLine(safe.event, line);
    if (o.json && safe.event !== 'command') io.stdout.write(line);
  };
  const sig = interrupts(human, {
    onHardExit: () => emit({ event: 'run_end', ts: now(), exit_code: 1, duration_ms: Date.now() - t0, state_read_ms: 0, counts: {}, commands_sent: 0, state_reads: {}, unreachable: [], slowest: [], interrupted: true, stop_reason: `${sig.reason() ?? 'signal'}, then the hard deadline` }),
  });
  try {
    const runId = newRunId();
    const journal = openJournal(state.runs, runId);
    j = journal;
    // one run per node: every node's lock, on the connection the run then uses; a busy node refuses the whole run
    // before anything is sent (--check only reads: no lock)
    if (!o.check) {
      const me = selfIdentity();
      try {
        locks = await lockNodes(nodesOf(plan, model), {
          holder: { run: journal.runId, host: hostname(), pid: me.pid, start: me.start, boot: me.boot, since: new Date().toISOString(), config: configDir },
          waitMs: lockWaitMs(io.env),
          onWait: (l) => println(human, l),
          stopped: sig.stopped,
          connect: { acceptNewHostKeys: o.acceptNewHostKeys, baseDir: configDir },
        });
      } catch (e) {
        journal.discard();
        j = undefined;
        throw e;
      }
    }
    emit({ event: 'run_start', ts: now(), run_id: journal.runId, verb: plan.verb, targets: plan.targets, check: o.check, ...(extra.resumedFrom !== undefined ? { resumed_from: extra.resumedFrom } : {}) });
    emit(planEvent(plan));
    const runOptions: RunOptions & { signal: AbortSignal; beforeSend: () => void } = {
      check: o.check,
      renderer: pickRenderer(human, io.env),
      colour: wantColour(human, io.env),
      stream: human,
      acceptNewHostKeys: o.acceptNewHostKeys,
      adopt: o.adopt,
      baseDir: configDir,
      scriptsDir: model.scriptsDir,
      emit,
      // the journal comes first: once it cannot be written nothing new starts and no command is sent
      stopped: () => sig.stopped() || journal.fault() !== undefined,
      // what is gathered is written before any command goes out; a write that fails now refuses the command
      beforeSend: () => { journal.flush(); const f = journal.fault(); if (f) throw new JournalBroken(f); },
      signal: sig.signal,
      limits: { ...model.limits, ...(o.concurrency ? { total: o.concurrency } : {}) },
      ...(locks ? { opened: locks.opened } : {}),
    };
    const { summary, outcomes } = await runPlan(plan, model.inventory.nodes, runOptions);
    for (const l of formatSummary(summary, o.check, wantColour(human, io.env))) println(human, l);
    const fault = journal.fault();
    if (!fault) println(human, `Journal: ${journal.path}`);
    if (o.junit) {
      await writeFile(resolve(io.cwd, o.junit), junitXml(plan.steps, outcomes));
      println(human, `JUnit report: ${o.junit}`);
    }
    let code = 0;
    if (fault || summary.counts.failed || summary.counts['not-run'] || summary.unreachable.length) code = 1;
    else if (o.check && (summary.counts.pending || summary.counts.unknown)) code = 2;
    const stopReason = sig.reason() ?? (fault ? `journal ${fault.code}` : undefined);
    emit({
      event: 'run_end', ts: now(), exit_code: code, duration_ms: summary.wallMs, state_read_ms: summary.factsMs, counts: summary.counts, commands_sent: summary.commandsSent, state_reads: summary.factCommands, unreachable: summary.unreachable, slowest: summary.slowest,
      ...(stopReason !== undefined ? { interrupted: true, stop_reason: stopReason } : {}),
    });
    if (fault) println(io.stderr, faultLine(fault));
    return code;
  } finally {
    sig.dispose();
    await locks?.release();
    j?.close();
    release();
  }
}

export async function runCommand(io: Io, verb: Verb, ids: string[], o: Options): Promise<number> {
  const model = await loadFor(io, o);
  return execute(io, compile(model, verb, compileOptions(verb, ids, o)), model, o);
}
