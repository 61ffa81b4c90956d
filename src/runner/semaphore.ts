// Resource-keyed limits for the scheduler (node, guest, clone source, storage), on the counting semaphore.
import { createSemaphore, type Semaphore } from './semaphore-core.js';

export { createSemaphore, type Semaphore };

export class KeyedLimits {
  private readonly sems = new Map<string, Semaphore>();
  constructor(private readonly limitOf: (key: string) => number) {}
  /** Acquire every key (sorted, so two steps never wait on each other crosswise); returns the release. */
  async acquire(keys: string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const k of [...new Set(keys)].sort()) {
      let s = this.sems.get(k);
      if (!s) { s = createSemaphore(this.limitOf(k)); this.sems.set(k, s); }
      releases.push(await s.acquire());
    }
    return () => { for (const r of releases.reverse()) r(); };
  }
}
