// Resource-keyed limits for the scheduler (node, guest, clone source, storage), on the counting semaphore.
import { createSemaphore, type Semaphore } from './semaphore-core.js';

export { createSemaphore, type Semaphore };

/** What a step holds: release it all, or early the keys `early` picks (a clone's source once its command is done). */
export interface Held { release(): void; releaseEarly(early: (key: string) => boolean): void }

/**
 * The one order keys are taken in, so two steps never wait on each other crosswise: by name, a clone source's key
 * last. A clone waits for its source holding the rest, so that the moment one clone ends the next, ready in every
 * other respect, starts (taken first, the source would wait idle behind a full node).
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
    // each release function is idempotent (semaphore-core once()): early ones are not released twice
    return {
      release: () => { for (const [, r] of [...held].reverse()) r(); },
      releaseEarly: (early) => { for (const [k, r] of held) if (early(k)) r(); },
    };
  }
}
