// Run a plan: connect the nodes it touches, read each node's state once, walk the DAG (a node's steps as soon as its
// own read is in), report.
import { setMaxListeners } from 'node:events';
import type { Plan, Step } from '../compile/plan.js';
import { hostQueryOf } from '../compile/step-def.js';
import { mergeQueries, type HostQuery } from '../tasks/host/query.js';
import type { Command } from '../tasks/types.js';
import { Unreachable } from '../errors.js';
import type { NodeSpec } from '../inventory/model.js';
import { reporting } from './connection.js';
import { connect, type ConnectOptions } from './connect.js';
import { executeStep, settleStep, type CommandRecord, type NodeRuntime } from './execute-step.js';
import { gatherFacts } from './facts/gather-facts.js';
import { createStepView } from './listr-ui.js';
import type { RendererName } from './pick-renderer.js';
import { DEFAULT_LIMITS, runDag, type Limits, type Outcome } from './scheduler.js';
import { summarize, type RunSummary } from './summary.js';
import { now, type Emit, type PlannedCommand } from './events.js';

export interface RunOptions extends ConnectOptions {
  check: boolean;
  renderer: RendererName;
  /** Colour the step lines (colour.ts wantColour); plain when absent. */
  colour?: boolean;
  stream: NodeJS.WriteStream;
  limits?: Partial<Limits>;
  onCommand?: (r: CommandRecord) => void;
  stopped?: () => boolean;
  /** Events (task_start, task_end, command) for --json and the journal. */
  emit?: Emit;
  adopt?: boolean;
  baseDir?: string;
  scriptsDir?: string;
  /**
   * Aborted when the operator insists (a second Ctrl-C, SIGTERM) or the grace period ends: nothing more is sent, a
   * running command is ended and what it started in a guest with it (send-command.ts), the step is interrupted.
   */
  signal?: AbortSignal;
  /** Called immediately before every command is sent to a node; a throw (a PhoenixError) refuses the send. */
  beforeSend?: () => void;
}

export interface RunResult { summary: RunSummary; outcomes: Map<string, Outcome> }

async function openNode(spec: NodeSpec, steps: Step[], opts: RunOptions, reads: Record<string, number>, onCommand: (r: CommandRecord) => void): Promise<NodeRuntime> {
  const conn = await connect(spec, opts);
  let count = 0;
  try {
    const c = reporting(conn, (r) => { count++; onCommand(r); });
    // host facts are read only when a planned step of this node reads some (its task's hostQuery), in the same exec
    const queries = steps.map(hostQueryOf).filter((q): q is Partial<HostQuery> => q !== undefined);
    const facts = await gatherFacts(c, spec, queries.length ? mergeQueries(queries) : undefined);
    reads[spec.name] = count;
    return { spec, conn, facts };
  } catch (e) {
    await conn.close();
    throw e instanceof Unreachable ? e : new Unreachable(spec.name, `state read failed: ${(e as Error).message}`);
  }
}

/** A planned command as events show it: argv, the node when not the step's, stdin described (never its content). */
export function describeCommand(c: Command): PlannedCommand {
  const stdin = c.stdin?.map((p) => (typeof p === 'string' ? `text (${p.length} bytes)` : 'file' in p ? `file ${p.file}` : 'secret'));
  return { argv: [...c.argv], ...(c.on !== undefined ? { on: c.on } : {}), ...(stdin ? { stdin } : {}) };
}

export async function runPlan(plan: Plan, nodes: Record<string, NodeSpec>, opts: RunOptions): Promise<RunResult> {
  const t0 = Date.now();
  const emit = opts.emit;
  const onCommand = (r: CommandRecord): void => {
    opts.onCommand?.(r);
    emit?.({ event: 'command', ts: now(), node: r.node, argv: [...r.argv], code: r.code, duration_ms: r.ms, ...(r.stderr.trim() ? { stderr: r.stderr.slice(0, 2000) } : {}), ...(r.warnings?.length ? { warnings: r.warnings } : {}) });
  };
  // every running command listens to the abort (send-command.ts and its connection): many at once is no leak
  if (opts.signal) setMaxListeners(0, opts.signal);
  const names = [...new Set(plan.steps.map((s) => s.node))];
  const reads: Record<string, number> = {};
  const runtimes = new Map<string, NodeRuntime>();
  const down = new Map<string, Unreachable>();
  // every node's state read at once; a node's steps are dispatched as soon as ITS read is in (hooks.gate: its entry
  // here, deleted once settled), while the others' are still on their way: a slow node holds up its own steps and
  // those that wait for them, no others. factsMs: until the last read was in.
  const reading = new Map<string, Promise<void>>();
  let factsMs = 0;
  for (const n of names) {
    const spec = nodes[n];
    if (!spec) { down.set(n, new Unreachable(n, 'not in the inventory')); continue; }
    reading.set(n, openNode(spec, plan.steps.filter((s) => s.node === n), opts, reads, onCommand).then(
      (rt) => { runtimes.set(n, rt); },
      (e: unknown) => { down.set(n, e instanceof Unreachable ? e : new Unreachable(n, (e as Error).message)); },
    ).then(() => { reading.delete(n); factsMs = Math.max(factsMs, Date.now() - t0); }));
  }
  const allRead = Promise.all([...reading.values()]);
  const view = createStepView(plan.steps, opts.renderer, opts.stream, opts.colour);
  const env = {
    check: opts.check, onCommand, runtime: (n: string) => runtimes.get(n), adopt: opts.adopt ?? false,
    ...(opts.baseDir ? { baseDir: opts.baseDir } : {}), ...(opts.scriptsDir ? { scriptsDir: opts.scriptsDir } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.beforeSend ? { beforeSend: opts.beforeSend } : {}),
  };
  try {
    const outcomes = await runDag(plan.steps, {
      check: opts.check,
      facts: (step) => runtimes.get(step.node)?.facts,
      // an abort stops dispatching too (the CLI's `stopped` may say so already)
      ...(opts.stopped || opts.signal ? { stopped: () => (opts.signal?.aborted ?? false) || (opts.stopped?.() ?? false) } : {}),
      gate: (step) => reading.get(step.node),
      run: async (step, info) => {
        const rt = runtimes.get(step.node);
        const gone = down.get(step.node);
        if (!rt || gone) return { status: 'not-run', detail: `not run: ${gone?.message ?? `${step.node}: not connected`}`, commands: 0 };
        try {
          return await executeStep(step, rt, { ...env, onLog: (line) => view.log(step, line) }, info);
        } catch (e) {
          if (e instanceof Unreachable) down.set(step.node, e);
          throw e;
        }
      },
      // a step the facts already answer ends at once (execute-step.ts settleStep); a node that is down: run() says so
      settle: (step, info) => {
        const rt = runtimes.get(step.node);
        return rt && !down.has(step.node) ? settleStep(step, rt, env, info) : undefined;
      },
      onStart: (step) => {
        view.start(step);
        emit?.({ event: 'task_start', ts: now(), step: step.id, node: step.node, ...(step.guest ? { guest: step.guest } : {}), task: step.task });
      },
      onEnd: (step, o) => {
        view.end(step, o);
        const change = o.change && o.change.kind !== 'none' ? o.change : undefined;
        emit?.({
          event: 'task_end', ts: now(), step: step.id, node: step.node, ...(step.guest ? { guest: step.guest } : {}), task: step.task,
          status: o.status, duration_ms: o.ms, ...(change ? { change: change.kind, detail: change.detail } : o.detail ? { detail: o.detail } : {}),
          ...(change?.diff ? { diff: change.diff } : {}), ...(o.rootCause ? { root_cause: o.rootCause } : {}),
          // config keys that wait for the guest's next start (already pending, or parked there by this step)
          ...(o.change?.pending?.length ? { pending: [...o.change.pending] } : {}),
          ...(opts.check && o.planned?.length ? { commands: o.planned.map(describeCommand) } : {}),
        });
      },
    }, { ...DEFAULT_LIMITS, ...opts.limits });
    // every read has settled by now: each step waited on its node's (the finally below awaits them when runDag threw)
    await view.finished;
    const summary = summarize(plan.steps, outcomes, { factCommands: reads, unreachable: [...down.keys()], wallMs: Date.now() - t0, factsMs });
    return { summary, outcomes };
  } finally {
    // a read still on its way (runDag threw) is awaited: its connection is then closed with the others
    await allRead;
    await Promise.all([...runtimes.values()].map((rt) => rt.conn.close()));
  }
}
