// Resource-keyed limits for the scheduler (node, guest, clone source, storage), on the counting semaphore.
import { createSemaphore, type Semaphore } from './semaphore-core.js';

export { createSemaphore, type Semaphore };

/** What a step holds (release is idempotent). */
export interface Held { release(): void }

/**
 * The one order keys are taken in, so two steps never wait on each other crosswise: by name, a clone source's key
 * last. The scheduler takes a clone source's key on its own, after the rest, once the step is ready to act
 * (scheduler.ts StepRunInfo.ready): its holder then waits for nothing else, so no step waits on it crosswise either.
 */
export const keyOrder = (a: string, b: string): number => Number(a.startsWith('clone:')) - Number(b.startsWith('clone:')) || (a < b ? -1 : a > b ? 1 : 0);

export class KeyedLimits {
  private readonly sems = new Map<string, Semaphore>();
  constructor(private readonly limitOf: (key: string) => number) {}
  /** Acquire every key (in keyOrder); returns what is held. */
  async acquire(keys: string[]): Promise<Held> {
    const held: [string, () => void][] = [];
    for (const k of [...new Set(keys)].sort(keyOrder)) {
      let s = this.sems.get(k);
      if (!s) { s = createSemaphore(this.limitOf(k)); this.sems.set(k, s); }
      held.push([k, await s.acquire()]);
    }
    // each release function is idempotent (semaphore-core once())
    return { release: () => { for (const [, r] of [...held].reverse()) r(); } };
  }
}
