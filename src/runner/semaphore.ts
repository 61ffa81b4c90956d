// Resource-keyed limits for the scheduler (node, guest, clone source, storage), on the counting semaphore.
import { createSemaphore, type Semaphore } from './semaphore-core.js';

export { createSemaphore, type Semaphore };

/** What a step holds (release is idempotent). */
export interface Held { release(): void }

export class KeyedLimits {
  private readonly sems = new Map<string, Semaphore>();
  constructor(private readonly limitOf: (key: string) => number) {}
  /**
   * Acquire every key, in one order (by name: `keys` come sorted and without repeats, see orderedKeys) so that two
   * steps never wait on each other crosswise. A clone source's key is never among them: the scheduler takes it alone,
   * once the step is ready to act (scheduler.ts StepRunInfo.ready), and its holder then waits for nothing else.
   */
  async acquire(keys: readonly string[]): Promise<Held> {
    const held: (() => void)[] = [];
    for (const k of keys) held.push(await this.sem(k).acquire());
    return heldAll(held);
  }

  /**
   * Every key now (sorted, without repeats), when each has a free slot; else undefined, with nothing taken (acquire()
   * then waits in order). Most steps find their slots free: this spares them a promise and a wait per key.
   */
  tryAcquire(keys: readonly string[]): Held | undefined {
    const held: (() => void)[] = [];
    for (const k of keys) {
      const r = this.sem(k).tryAcquire();
      if (!r) { heldAll(held).release(); return undefined; }
      held.push(r);
    }
    return heldAll(held);
  }

  private sem(key: string): Semaphore {
    let s = this.sems.get(key);
    if (!s) { s = createSemaphore(this.limitOf(key)); this.sems.set(key, s); }
    return s;
  }
}

/** `keys` as acquire() and tryAcquire() take them: sorted by name, each once (worked out once per step). */
export const orderedKeys = (keys: readonly string[]): string[] => [...new Set(keys)].sort();

/** Each release function is idempotent (semaphore-core once()); released in reverse order. */
function heldAll(held: readonly (() => void)[]): Held {
  return { release: () => { for (let i = held.length - 1; i >= 0; i--) held[i]!(); } };
}
