// A DAG walk: each step starts when the steps it waits for are done; independent steps run in parallel,
// bounded by resource-keyed limits. A failure stops its dependants only; the root cause is named once.
import type { Step } from '../compile/plan.js';
import { guestsOf, mutates, readsChanges, resourceKeys, sourcesOf } from '../compile/step-def.js';
import type { NodeFacts } from '../tasks/facts.js';
import type { StepResult } from './execute-step.js';
import { KeyedLimits, orderedKeys, type Held } from './semaphore.js';

export interface Limits { perNode: number; perGuest: number; perCloneSource: number; perStorage: number; total: number }
export const DEFAULT_LIMITS: Limits = { perNode: 4, perGuest: 1, perCloneSource: 1, perStorage: 2, total: 64 };

export interface Outcome extends StepResult {
  ms: number;
  rootCause?: string;
  /** It failed, or was not run, because the run was stopped (Ctrl-C, SIGTERM): its dependants say so, not "failed". */
  interrupted?: boolean;
}

export interface StepRunInfo {
  changedBefore: boolean;
  stale: boolean;
  /**
   * Take what the step holds only while it acts: a clone source's key (one clone at a time per source). run() awaits it
   * once it has read and planned, before its first command, so that the pre-read of the next clone overlaps the
   * previous clone's command instead of following it.
   */
  ready: () => Promise<void>;
  /** Its commands have returned: free the clone source now (before the step's re-read). */
  commandsDone: () => void;
}

export interface DagHooks {
  /**
   * `changedBefore`: an earlier step of the same guest changed something. `stale`: a step it waits for, on
   * another node, changed something (cluster-wide state such as storages or the datacenter firewall): the facts
   * of this node's state read may no longer hold for it.
   */
  run(step: Step, info: StepRunInfo): Promise<StepResult>;
  /**
   * The step's result when it is known at once, without sending or re-reading anything (nothing to do, --check):
   * it ends with no promise. Undefined: it is run (run()). Throws as run() would reject.
   */
  settle?(step: Step, info: StepRunInfo): StepResult | undefined;
  onStart?(step: Step): void;
  onEnd?(step: Step, o: Outcome): void;
  /** Check mode: is this step's answer unknowable because of a pending change upstream? */
  check?: boolean;
  /** The facts of the step's node (check mode: which sources a step reads depends on them, TaskDef.sources). */
  facts?: (step: Step) => NodeFacts | undefined;
  /** Stop dispatching new steps (SIGINT). */
  stopped?: () => boolean;
  /**
   * Not yet: a promise that settles once the step may be dispatched (its node's state read is in: run-plan.ts), the
   * same promise for every step it holds back; undefined once it may. A step whose dependencies are done waits on it
   * before anything else is asked of it (its outcome may need its node's facts).
   */
  gate?: (step: Step) => Promise<void> | undefined;
}

export { resourceKeys };

/** Keys taken only once the step is ready to act (StepRunInfo.ready): a clone source's. */
const isLate = (key: string): boolean => key.startsWith('clone:');
interface Lane { ready: () => Promise<void>; commandsDone: () => void; release: () => void }
const NO_LANE: Lane = { ready: () => Promise.resolve(), commandsDone: () => undefined, release: () => undefined };

export function limitFor(limits: Limits): (key: string) => number {
  return (key) => {
    if (key === 'total') return limits.total;
    if (key.startsWith('node:')) return limits.perNode;
    if (key.startsWith('guest:')) return limits.perGuest;
    if (key.startsWith('clone:')) return limits.perCloneSource;
    return limits.perStorage;
  };
}

export async function runDag(steps: readonly Step[], hooks: DagHooks, limits: Limits = DEFAULT_LIMITS): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  const byId = new Map(steps.map((s) => [s.id, s]));
  const keyed = new KeyedLimits(limitFor(limits));
  /** The guests a step has changed so far in this run: a step of none of them has no changed step upstream. */
  const changedGuests = new Set<string>();

  /** A step's outcome: recorded, then reported. */
  const ended = (step: Step, o: Outcome): Outcome => {
    outcomes.set(step.id, o);
    if (o.status === 'changed') for (const g of guestsOf(step)) changedGuests.add(g);
    hooks.onEnd?.(step, o);
    return o;
  };

  /** Why the step is not run (a step it waits for failed or did not run, the run was stopped, --check cannot know). */
  const notRun = (step: Step): Outcome | undefined => {
    // the first step it waits for that failed or did not run (every step it waits for has its outcome by now)
    let blocked: Outcome | undefined;
    let blockedBy: string | undefined;
    for (const id of step.after) {
      const up = outcomes.get(id);
      if (up && (up.status === 'failed' || up.status === 'not-run')) { blocked = up; blockedBy = id; break; }
    }
    if (blocked?.interrupted) {
      // the run was stopped: that, not the step it waits for, is why it does not run (that step ended while the run
      // was being stopped, perhaps cut off by it; its own line says how it ended)
      const root = blocked.rootCause ?? (blocked.status === 'failed' ? blockedBy : undefined);
      return { status: 'not-run', interrupted: true, ...(root !== undefined ? { rootCause: root } : {}), detail: root !== undefined ? `not run: interrupted (the run was stopped while ${root} ran)` : 'not run: interrupted', ms: 0, commands: 0 };
    }
    if (blocked) {
      const root = blocked.rootCause ?? blockedBy!;
      return { status: 'not-run', rootCause: root, detail: `not run because ${root} failed`, ms: 0, commands: 0 };
    }
    if (hooks.stopped?.()) return { status: 'not-run', interrupted: true, detail: 'not run: interrupted', ms: 0, commands: 0 };
    const pendingUp = hooks.check ? upstreamPending(step, byId, outcomes, hooks.facts?.(step)) : undefined;
    return pendingUp ? { status: 'unknown', detail: `unknown (after ${pendingUp})`, ms: 0, commands: 0 } : undefined;
  };

  /** A clone source's key (the late keys): taken once the step is ready to act, freed once its commands returned. */
  const laneOf = (late: readonly string[]): Lane => {
    if (!late.length) return NO_LANE;
    let lateHeld: Promise<Held> | undefined;
    const free = (): void => { void lateHeld?.then((h) => h.release()); };
    return { ready: async () => { await (lateHeld ??= keyed.acquire(late)); }, commandsDone: free, release: free };
  };

  const failedOutcome = (e: unknown, t0: number): Outcome => {
    const o: Outcome = { status: 'failed', error: e as Error, detail: (e as Error).message, ms: Date.now() - t0, commands: 0 };
    // it ended while the run was being stopped: the stop may have cut it off (an aborted command, a script ended)
    if (hooks.stopped?.()) o.interrupted = true;
    return o;
  };

  /**
   * The step holds its keys: it starts. A step the facts already answer (hooks.settle: nothing to do, or --check)
   * ends here and now, with no promise; any other is run (hooks.run) and awaited.
   */
  const running = (step: Step, held: Held, late: readonly string[]): Outcome | Promise<Outcome> => {
    const lane = laneOf(late);
    const t0 = Date.now();
    hooks.onStart?.(step);
    const info: StepRunInfo = {
      changedBefore: changedBefore(step, byId, outcomes, changedGuests),
      stale: step.after.some((id) => byId.get(id)?.node !== step.node && outcomes.get(id)?.status === 'changed'),
      ready: lane.ready,
      commandsDone: lane.commandsDone,
    };
    const finish = (o: Outcome): Outcome => { held.release(); lane.release(); return ended(step, o); };
    let result: Promise<StepResult>;
    try {
      const now = hooks.settle?.(step, info);
      if (now) return finish({ ...now, ms: Date.now() - t0 });
      result = hooks.run(step, info);
    } catch (e) {
      return finish(failedOutcome(e, t0));
    }
    return result.then((r) => finish({ ...r, ms: Date.now() - t0 }), (e: unknown) => finish(failedOutcome(e, t0)));
  };

  // called once every step it waits for has its outcome (dispatch below): its outcome now, or a promise of it
  const runOne = (step: Step): Outcome | Promise<Outcome> => {
    const skipped = notRun(step);
    if (skipped) return ended(step, skipped);
    // its keys sorted once (KeyedLimits takes them so): those held while it runs, and a clone source's, taken late
    const now: string[] = [];
    const late: string[] = [];
    for (const k of orderedKeys(resourceKeys(step))) (isLate(k) ? late : now).push(k);
    const held = keyed.tryAcquire(now);
    return held ? running(step, held, late) : keyed.acquire(now).then((h) => running(step, h, late));
  };

  // Dispatch: a step is ready when the last step it waits for ends (a count per step, the dependants per step), so a
  // waiting step costs no promise of its own. Ready steps run in the order they became ready; one that ends at once
  // (hooks.settle) readies its dependants in the same loop: a no-op run of 15 000 steps makes no promise per step.
  // The plan is toposorted: every step is reached.
  const waits = new Map<string, number>();
  const dependants = new Map<string, Step[]>();
  for (const s of steps) {
    const deps = new Set(s.after.filter((id) => byId.has(id)));
    waits.set(s.id, deps.size);
    for (const d of deps) {
      const list = dependants.get(d);
      if (list) list.push(s); else dependants.set(d, [s]);
    }
  }
  let left = steps.length;
  await new Promise<void>((resolve, reject) => {
    if (left === 0) { resolve(); return; }
    const ready: Step[] = steps.filter((s) => waits.get(s.id) === 0);
    let pumping = false;
    // ready steps held back by hooks.gate, per promise: one reaction per node, not one per step
    const parked = new Map<Promise<void>, Step[]>();
    const park = (gate: Promise<void>, step: Step): void => {
      const list = parked.get(gate);
      if (list) { list.push(step); return; }
      parked.set(gate, [step]);
      const release = (): void => { const held = parked.get(gate) ?? []; parked.delete(gate); ready.push(...held); pump(); };
      gate.then(release, release);
    };
    const done = (step: Step): void => {
      for (const d of dependants.get(step.id) ?? []) {
        const n = waits.get(d.id)! - 1;
        waits.set(d.id, n);
        if (n === 0) ready.push(d);
      }
      if (--left === 0) resolve();
    };
    const pump = (): void => {
      // an awaited step ends in a later microtask, never inside this loop: the loop is never re-entered
      if (pumping) return;
      pumping = true;
      try {
        for (let i = 0; i < ready.length; i++) {
          const step = ready[i]!;
          const gate = hooks.gate?.(step);
          if (gate) { park(gate, step); continue; }
          const r = runOne(step);
          if (r instanceof Promise) r.then(() => { done(step); pump(); }).catch(reject);
          else done(step);
        }
        ready.length = 0;
      } catch (e) {
        reject(e);
      } finally {
        pumping = false;
      }
    };
    pump();
  });
  return outcomes;
}

/** Walk the steps upstream of `step` (transitively), depth first; stops at the first step `visit` answers for. */
function upstream<T>(step: Step, byId: Map<string, Step>, visit: (up: Step) => T | 'skip' | undefined): T | undefined {
  const seen = new Set<string>();
  const stack = [...step.after];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const up = byId.get(id);
    if (!up) continue;
    const r = visit(up);
    if (r === 'skip') continue;
    if (r !== undefined) return r;
    stack.push(...up.after);
  }
  return undefined;
}

const shares = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x));

/**
 * In check mode: the nearest upstream step whose pending change this step's plan would read, so its answer cannot be
 * known before that change is made. What a plan reads comes from its task (step-def.ts): a pending create or delete
 * of a guest it acts on (the guest's facts do not exist yet, or will not), any pending change of a guest whose state
 * it reads now (a clone's source, while the clone is absent: TaskDef.sources with the facts), and a pending update or
 * run of its guest only when it reads those (TaskDef.readsChanges: apply-pending, health checks, the agent wait). A
 * config step of an existing guest reads none of that: its drift is reported whatever is pending upstream. A probe
 * upstream changes nothing, so it never makes a step unknown.
 */
function upstreamPending(step: Step, byId: Map<string, Step>, outcomes: Map<string, Outcome>, facts: NodeFacts | undefined): string | undefined {
  const mine = guestsOf(step);
  const read = sourcesOf(step, facts);
  const changes = readsChanges(step);
  return upstream(step, byId, (up) => {
    const o = outcomes.get(up.id);
    if (!o) return 'skip';
    if ((o.status !== 'pending' && o.status !== 'unknown') || !mutates(up)) return undefined;
    const theirs = guestsOf(up);
    // a source is named by its guest ("unknown (after 900)"), a step of its own guest by its id
    const source = theirs.find((t) => read.includes(t));
    if (source !== undefined) return source;
    if (!shares(theirs, mine)) return undefined;
    // an unknown upstream step of the guest may do anything to it
    const kind = o.status === 'pending' ? o.change?.kind : undefined;
    return kind === undefined || kind === 'create' || kind === 'delete' || changes ? up.id : undefined;
  });
}

/** Did an earlier step of the same guest change something in this run? */
function changedBefore(step: Step, byId: Map<string, Step>, outcomes: Map<string, Outcome>, changedGuests: ReadonlySet<string>): boolean {
  const mine = guestsOf(step);
  if (!mine.some((g) => changedGuests.has(g))) return false;
  return upstream(step, byId, (up) => (!shares(guestsOf(up), mine) ? 'skip' : outcomes.get(up.id)?.status === 'changed' ? true : undefined)) ?? false;
}
