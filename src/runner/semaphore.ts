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
    for (const k of [...new Set(keys)].sort()) {
      let s = this.sems.get(k);
      if (!s) { s = createSemaphore(this.limitOf(k)); this.sems.set(k, s); }
      held.push(await s.acquire());
    }
    // each release function is idempotent (semaphore-core once())
    return { release: () => { for (const r of [...held].reverse()) r(); } };
  }
}
