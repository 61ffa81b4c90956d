// Run a plan: connect the nodes it touches, read each node's state once, walk the DAG, report.
import type { Plan } from '../compile/plan.js';
import { Unreachable } from '../errors.js';
import type { NodeSpec } from '../inventory/model.js';
import type { Connection } from './connection.js';
import { connect, type ConnectOptions } from './connect.js';
import { executeStep, type CommandRecord, type NodeRuntime } from './execute-step.js';
import { gatherFacts } from './facts/gather-facts.js';
import { createStepView } from './listr-ui.js';
import type { RendererName } from './pick-renderer.js';
import { DEFAULT_LIMITS, runDag, type Limits, type Outcome } from './scheduler.js';
import { summarize, type RunSummary } from './summary.js';

export interface RunOptions extends ConnectOptions {
  check: boolean;
  renderer: RendererName;
  stream: NodeJS.WriteStream;
  limits?: Partial<Limits>;
  onCommand?: (r: CommandRecord) => void;
  onStepEnd?: (stepId: string, o: Outcome) => void;
  stopped?: () => boolean;
}

export interface RunResult { summary: RunSummary; outcomes: Map<string, Outcome> }

/** Counts the commands of the state read. */
function counting(conn: Connection, count: { n: number }, onCommand?: (r: CommandRecord) => void): Connection {
  return {
    node: conn.node,
    close: () => conn.close(),
    async exec(argv, opts) {
      const t0 = Date.now();
      const r = await conn.exec(argv, opts);
      count.n++;
      onCommand?.({ node: conn.node, argv, code: r.code, ms: Date.now() - t0, stderr: r.stderr });
      return r;
    },
  };
}

async function openNode(spec: NodeSpec, opts: RunOptions, reads: Record<string, number>): Promise<NodeRuntime> {
  const conn = await connect(spec, opts);
  const count = { n: 0 };
  try {
    const facts = await gatherFacts(counting(conn, count, opts.onCommand), spec);
    reads[spec.name] = count.n;
    return { spec, conn, facts };
  } catch (e) {
    await conn.close();
    throw e instanceof Unreachable ? e : new Unreachable(spec.name, `state read failed: ${(e as Error).message}`);
  }
}

export async function runPlan(plan: Plan, nodes: Record<string, NodeSpec>, opts: RunOptions): Promise<RunResult> {
  const t0 = Date.now();
  const names = [...new Set(plan.steps.map((s) => s.node))];
  const reads: Record<string, number> = {};
  const runtimes = new Map<string, NodeRuntime>();
  const down = new Map<string, Unreachable>();
  await Promise.all(names.map(async (n) => {
    const spec = nodes[n];
    if (!spec) { down.set(n, new Unreachable(n, 'not in the inventory')); return; }
    try { runtimes.set(n, await openNode(spec, opts, reads)); } catch (e) {
      down.set(n, e instanceof Unreachable ? e : new Unreachable(n, (e as Error).message));
    }
  }));
  const view = createStepView(plan.steps, opts.renderer, opts.stream);
  const env = { check: opts.check, ...(opts.onCommand ? { onCommand: opts.onCommand } : {}) };
  try {
    const outcomes = await runDag(plan.steps, {
      check: opts.check,
      ...(opts.stopped ? { stopped: opts.stopped } : {}),
      run: async (step, info) => {
        const rt = runtimes.get(step.node);
        const gone = down.get(step.node);
        if (!rt || gone) return { status: 'not-run', detail: `not run: ${gone?.message ?? `${step.node}: not connected`}`, commands: 0 };
        try {
          return await executeStep(step, rt, { ...env, onLog: (line) => view.log(step, line) }, info.changedBefore);
        } catch (e) {
          if (e instanceof Unreachable) down.set(step.node, e);
          throw e;
        }
      },
      onStart: (step) => view.start(step),
      onEnd: (step, o) => { view.end(step, o); opts.onStepEnd?.(step.id, o); },
    }, { ...DEFAULT_LIMITS, ...opts.limits });
    await view.finished;
    const summary = summarize(plan.steps, outcomes, { factCommands: reads, unreachable: [...down.keys()], wallMs: Date.now() - t0 });
    return { summary, outcomes };
  } finally {
    await Promise.all([...runtimes.values()].map((rt) => rt.conn.close()));
  }
}
