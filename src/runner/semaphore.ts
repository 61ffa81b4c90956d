// Counting semaphores keyed by resource name (node, guest, clone source, storage).
export class Semaphore {
  private waiters: (() => void)[] = [];
  private used = 0;
  constructor(private readonly limit: number) {}
  async acquire(): Promise<void> {
    if (this.used < this.limit) { this.used++; return; }
    await new Promise<void>((r) => this.waiters.push(r));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.used--;
  }
}

export class KeyedLimits {
  private readonly sems = new Map<string, Semaphore>();
  constructor(private readonly limitOf: (key: string) => number) {}
  /** Acquire every key (sorted, so two steps never wait on each other crosswise); returns the release. */
  async acquire(keys: string[]): Promise<() => void> {
    const sorted = [...new Set(keys)].sort();
    for (const k of sorted) {
      let s = this.sems.get(k);
      if (!s) { s = new Semaphore(this.limitOf(k)); this.sems.set(k, s); }
      await s.acquire();
    }
    return () => { for (const k of sorted) this.sems.get(k)!.release(); };
  }
}
