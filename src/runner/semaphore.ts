// Resource-keyed limits for the scheduler (node, guest, clone source, storage), on the counting semaphore.
import { createSemaphore, type Semaphore } from './semaphore-core.js';

export { createSemaphore, type Semaphore };

/** What a step holds (release is idempotent). */
export interface Held { release(): void }

export class KeyedLimits {
  private readonly sems = new Map<string, Semaphore>();
  constructor(private readonly limitOf: (key: string) => number) {}
  /**
   * Acquire every key, in one order (by name) so that two steps never wait on each other crosswise. A clone source's
   * key is never among them: the scheduler takes it alone, once the step is ready to act (scheduler.ts
   * StepRunInfo.ready), and its holder then waits for nothing else.
   */
  async acquire(keys: string[]): Promise<Held> {
    const held: (() => void)[] = [];
    for (const k of [...new Set(keys)].sort()) held.push(await this.sem(k).acquire());
    return heldAll(held);
  }

  /**
   * Every key now, when each has a free slot; else undefined, with nothing taken (acquire() then waits in order).
   * Most steps find their slots free: this spares them a promise and a wait per key.
   */
  tryAcquire(keys: string[]): Held | undefined {
    const held: (() => void)[] = [];
    for (const k of [...new Set(keys)].sort()) {
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

/** Each release function is idempotent (semaphore-core once()); released in reverse order. */
function heldAll(held: readonly (() => void)[]): Held {
  return { release: () => { for (let i = held.length - 1; i >= 0; i--) held[i]!(); } };
}
