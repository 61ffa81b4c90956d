// A DAG walk: each step starts when the steps it waits for are done; independent steps run in parallel,
// bounded by resource-keyed limits. A failure stops its dependants only; the root cause is named once.
import type { Step } from '../compile/plan.js';
import { guestsOf, mutates, readsChanges, resourceKeys, sourcesOf } from '../compile/step-def.js';
import type { NodeFacts } from '../tasks/facts.js';
import type { StepResult } from './execute-step.js';
import { KeyedLimits, type Held } from './semaphore.js';

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
  onStart?(step: Step): void;
  onEnd?(step: Step, o: Outcome): void;
  /** Check mode: is this step's answer unknowable because of a pending change upstream? */
  check?: boolean;
  /** The facts of the step's node (check mode: which sources a step reads depends on them, TaskDef.sources). */
  facts?: (step: Step) => NodeFacts | undefined;
  /** Stop dispatching new steps (SIGINT). */
  stopped?: () => boolean;
}

export { resourceKeys };

/** Keys taken only once the step is ready to act (StepRunInfo.ready): a clone source's. */
const isLate = (key: string): boolean => key.startsWith('clone:');

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

  // runOne is called once every step it waits for has its outcome (dispatch below)
  const runOne = async (step: Step): Promise<Outcome> => {
    const before = step.after.filter((id) => byId.has(id)).map((id) => outcomes.get(id)!);
    const blocked = before.find((o) => o.status === 'failed' || o.status === 'not-run');
    const pendingUp = !blocked && hooks.check ? upstreamPending(step, byId, outcomes, hooks.facts?.(step)) : undefined;
    let o: Outcome;
    if (blocked?.interrupted) {
      // the run was stopped: that, not the step it waits for, is why it does not run (that step ended while the run
      // was being stopped, perhaps cut off by it; its own line says how it ended)
      const root = blocked.rootCause ?? (blocked.status === 'failed' ? step.after.find((id) => outcomes.get(id) === blocked) : undefined);
      o = { status: 'not-run', interrupted: true, ...(root !== undefined ? { rootCause: root } : {}), detail: root !== undefined ? `not run: interrupted (the run was stopped while ${root} ran)` : 'not run: interrupted', ms: 0, commands: 0 };
    } else if (blocked) {
      const root = blocked.rootCause ?? step.after.find((id) => outcomes.get(id) === blocked)!;
      o = { status: 'not-run', rootCause: root, detail: `not run because ${root} failed`, ms: 0, commands: 0 };
    } else if (hooks.stopped?.()) {
      o = { status: 'not-run', interrupted: true, detail: 'not run: interrupted', ms: 0, commands: 0 };
    } else if (pendingUp) {
      o = { status: 'unknown', detail: `unknown (after ${pendingUp})`, ms: 0, commands: 0 };
    } else {
      const keys = resourceKeys(step);
      const late = keys.filter(isLate);
      const now = keys.filter((k) => !isLate(k));
      const held = keyed.tryAcquire(now) ?? await keyed.acquire(now);
      let lateHeld: Promise<Held> | undefined;
      const t0 = Date.now();
      hooks.onStart?.(step);
      try {
        const stale = step.after.some((id) => byId.get(id)?.node !== step.node && outcomes.get(id)?.status === 'changed');
        const ready = async (): Promise<void> => { if (late.length) await (lateHeld ??= keyed.acquire(late)); };
        // a clone's source is free once its clone command has returned: the next clone need not wait for this step's re-read
        const commandsDone = (): void => { void lateHeld?.then((h) => h.release()); };
        o = { ...(await hooks.run(step, { changedBefore: changedBefore(step, byId, outcomes, changedGuests), stale, ready, commandsDone })), ms: Date.now() - t0 };
      } catch (e) {
        o = { status: 'failed', error: e as Error, detail: (e as Error).message, ms: Date.now() - t0, commands: 0 };
        // it ended while the run was being stopped: the stop may have cut it off (an aborted command, a script ended)
        if (hooks.stopped?.()) o.interrupted = true;
      } finally {
        held.release();
        void lateHeld?.then((h) => h.release());
      }
    }
    outcomes.set(step.id, o);
    if (o.status === 'changed') for (const g of guestsOf(step)) changedGuests.add(g);
    hooks.onEnd?.(step, o);
    return o;
  };

  // Dispatch: a step starts when the last step it waits for ends (a count per step, the dependants per step), so a
  // waiting step costs no promise of its own. The plan is toposorted: every step is reached.
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
    const start = (step: Step): void => {
      runOne(step).then(() => {
        for (const d of dependants.get(step.id) ?? []) {
          const n = waits.get(d.id)! - 1;
          waits.set(d.id, n);
          if (n === 0) start(d);
        }
        if (--left === 0) resolve();
      }).catch(reject);
    };
    for (const s of steps) if (waits.get(s.id) === 0) start(s);
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
