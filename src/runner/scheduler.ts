// A DAG walk: each step starts when the steps it waits for are done; independent steps run in parallel,
// bounded by resource-keyed limits. A failure stops its dependants only; the root cause is named once.
import type { Step } from '../compile/plan.js';
import { guestsOf, resourceKeys, sourcesOf } from '../compile/step-def.js';
import type { StepResult } from './execute-step.js';
import { KeyedLimits } from './semaphore.js';

export interface Limits { perNode: number; perGuest: number; perCloneSource: number; perStorage: number; total: number }
export const DEFAULT_LIMITS: Limits = { perNode: 4, perGuest: 1, perCloneSource: 1, perStorage: 2, total: 64 };

export interface Outcome extends StepResult { ms: number; rootCause?: string }

export interface DagHooks {
  /**
   * `changedBefore`: an earlier step of the same guest changed something. `stale`: a step it waits for, on
   * another node, changed something (cluster-wide state such as storages or the datacenter firewall): the facts
   * of this node's state read may no longer hold for it.
   */
  run(step: Step, info: { changedBefore: boolean; stale: boolean }): Promise<StepResult>;
  onStart?(step: Step): void;
  onEnd?(step: Step, o: Outcome): void;
  /** Check mode: is this step's answer unknowable because of a pending change upstream? */
  check?: boolean;
  /** Stop dispatching new steps (SIGINT). */
  stopped?: () => boolean;
}

export { resourceKeys };

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
  const promises = new Map<string, Promise<Outcome>>();
  const byId = new Map(steps.map((s) => [s.id, s]));
  const keyed = new KeyedLimits(limitFor(limits));

  const runOne = async (step: Step): Promise<Outcome> => {
    const before = await Promise.all(step.after.filter((id) => byId.has(id)).map((id) => promises.get(id)!));
    const blocked = before.find((o) => o.status === 'failed' || o.status === 'not-run');
    let o: Outcome;
    if (blocked) {
      const root = blocked.rootCause ?? step.after.find((id) => outcomes.get(id) === blocked)!;
      o = { status: 'not-run', rootCause: root, detail: `not run because ${root} failed`, ms: 0, commands: 0 };
    } else if (hooks.stopped?.()) {
      o = { status: 'not-run', detail: 'not run: interrupted', ms: 0, commands: 0 };
    } else if (hooks.check && upstreamPending(step, byId, outcomes)) {
      const after = upstreamPending(step, byId, outcomes)!;
      o = { status: 'unknown', detail: `unknown (after ${after})`, ms: 0, commands: 0 };
    } else {
      const release = await keyed.acquire(resourceKeys(step));
      const t0 = Date.now();
      hooks.onStart?.(step);
      try {
        const stale = step.after.some((id) => byId.get(id)?.node !== step.node && outcomes.get(id)?.status === 'changed');
        o = { ...(await hooks.run(step, { changedBefore: changedBefore(step, byId, outcomes), stale })), ms: Date.now() - t0 };
      } catch (e) {
        o = { status: 'failed', error: e as Error, detail: (e as Error).message, ms: Date.now() - t0, commands: 0 };
      } finally {
        release();
      }
    }
    outcomes.set(step.id, o);
    hooks.onEnd?.(step, o);
    return o;
  };

  for (const s of steps) promises.set(s.id, (async () => { await Promise.resolve(); return runOne(s); })());
  await Promise.all(promises.values());
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

/** In check mode: the nearest upstream step of the same guest (or of a guest this one reads, a clone's source) with a pending change. */
function upstreamPending(step: Step, byId: Map<string, Step>, outcomes: Map<string, Outcome>): string | undefined {
  const mine = guestsOf(step);
  const read = [...mine, ...sourcesOf(step)];
  return upstream(step, byId, (up) => {
    const o = outcomes.get(up.id);
    if (!o) return 'skip';
    const theirs = guestsOf(up);
    if (shares(theirs, read) && (o.status === 'pending' || o.status === 'unknown')) return shares(theirs, mine) ? up.id : theirs[0];
    return undefined;
  });
}

/** Did an earlier step of the same guest change something in this run? */
function changedBefore(step: Step, byId: Map<string, Step>, outcomes: Map<string, Outcome>): boolean {
  const mine = guestsOf(step);
  if (!mine.length) return false;
  return upstream(step, byId, (up) => (!shares(guestsOf(up), mine) ? 'skip' : outcomes.get(up.id)?.status === 'changed' ? true : undefined)) ?? false;
}
