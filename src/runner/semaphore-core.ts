// A counting semaphore: at most `limit` callers hold a slot; the rest queue in FIFO order.
export interface Semaphore {
  /** Resolves with a release function once a slot is free. Call release exactly once. */
  acquire(): Promise<() => void>;
  /** A slot now, or undefined when none is free (then nothing is taken). */
  tryAcquire(): (() => void) | undefined;
  readonly active: number;
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
  let active = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    const next = queue.shift();
    if (next) next(); else active -= 1;
  };
  const once = (): (() => void) => {
    let released = false;
    return () => { if (!released) { released = true; release(); } };
  };
  return {
    get active() { return active; },
    get waiting() { return queue.length; },
    acquire() {
      if (active < limit) {
        active += 1;
        return Promise.resolve(once());
      }
      return new Promise((resolve) => queue.push(() => resolve(once())));
    },
    tryAcquire() {
      if (active >= limit) return undefined;
      active += 1;
      return once();
    },
  };
}
