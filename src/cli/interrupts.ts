// Stopping a run: the first Ctrl-C stops dispatching and lets the running steps finish (at most `graceMs`); a second
// Ctrl-C, a SIGTERM, or the end of the grace period aborts them (the AbortSignal the runner honours: in-guest
// processes ended, the steps recorded interrupted). The process exits only after the run has returned — journal
// written, locks released — or, should that hang, after a short hard deadline (`hardMs`), or at a third signal.
import { println } from './io.js';

export interface Interrupts {
  /** No new steps (any signal so far). */
  stopped(): boolean;
  /** What stopped the run: 'SIGINT', 'SIGTERM', … ; undefined while nobody did. */
  reason(): string | undefined;
  /** Aborted when the operator insists or the grace period ends. */
  signal: AbortSignal;
  dispose(): void;
}

export interface InterruptOptions {
  graceMs?: number;
  hardMs?: number;
  /** Last words before a forced exit (the journal's run_end); must be synchronous. */
  onHardExit?: () => void;
}

export function interrupts(human: NodeJS.WritableStream, o: InterruptOptions = {}): Interrupts {
  const graceMs = o.graceMs ?? 60_000;
  const hardMs = o.hardMs ?? 10_000;
  const ctl = new AbortController();
  let reason: string | undefined;
  let signals = 0;
  const timers: NodeJS.Timeout[] = [];
  const later = (ms: number, fn: () => void): void => { const t = setTimeout(fn, ms); t.unref(); timers.push(t); };
  const hardExit = (why: string): void => {
    println(human, `Interrupted: ${why}; quitting now (the journal says what ran).`);
    try { o.onHardExit?.(); } finally { process.exit(130); }
  };
  const abort = (why: string): void => {
    if (ctl.signal.aborted) return;
    println(human, `Interrupted: ${why}; ending the running commands (quitting within ${hardMs / 1000}s).`);
    ctl.abort(new Error(why));
    later(hardMs, () => hardExit(`the running commands did not end within ${hardMs / 1000}s`));
  };
  const onSig = (name: NodeJS.Signals): void => {
    signals++;
    reason ??= name;
    if (signals >= 3 || (ctl.signal.aborted && name === 'SIGTERM' && signals >= 2)) return hardExit(`${name} again`);
    if (name === 'SIGTERM') return abort('SIGTERM');
    if (signals === 1) {
      println(human, `Interrupted: no new steps are started; waiting up to ${graceMs / 1000}s for the running ones (Ctrl-C again to end them now).`);
      later(graceMs, () => abort(`the running steps did not finish within ${graceMs / 1000}s`));
      return;
    }
    abort('Ctrl-C again');
  };
  process.on('SIGINT', onSig);
  process.on('SIGTERM', onSig);
  return {
    stopped: () => signals > 0,
    reason: () => reason,
    signal: ctl.signal,
    dispose: () => { process.off('SIGINT', onSig); process.off('SIGTERM', onSig); timers.forEach(clearTimeout); },
  };
}
