// The only file that knows listr2: one listr task per step; the scheduler drives it, listr2 renders.
import { Writable } from 'node:stream';
import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { Step } from '../compile/plan.js';
import { pendingPhrase } from '../tasks/pending.js';
import type { RendererName } from './pick-renderer.js';
import type { Outcome } from './scheduler.js';

interface Handle { title: string | undefined; output: string | undefined; skip(message?: string): void }
interface Slot { handle?: Handle; done: (o: Outcome) => void; outcome: Promise<Outcome> }

export interface StepView { start(step: Step): void; log(step: Step, line: string): void; end(step: Step, o: Outcome): void; finished: Promise<void> }

/** `950 lxc.feature:base_setup (boot)`: the step id, readable. */
export function stepName(step: Step): string {
  const [base, phase] = step.id.split('#');
  const rest = step.guest && base!.startsWith(`${step.guest}:`) ? base!.slice(step.guest.length + 1) : base!.slice(step.node.length + 1);
  return `${step.guest ?? step.node} ${rest}${phase ? ` (${phase})` : ''}`;
}

export function stepLine(step: Step, o?: Outcome): string {
  const what = stepName(step);
  if (!o) return what;
  if (o.status === 'failed' || o.status === 'not-run' || o.status === 'unknown') return what;
  let detail = o.change && o.change.kind !== 'none' ? `: ${o.change.detail}` : o.detail ? `: ${o.detail}` : o.change?.detail ? `: ${o.change.detail}` : '';
  // what waits for the guest's next start is always said, even when a task's detail does not say it
  const waiting = o.change?.pending ?? [];
  if (waiting.length && !detail.includes('pending until restart')) detail += `${detail ? '; ' : ': '}${pendingPhrase(waiting)}`;
  const status = o.status === 'pending' ? 'would change' : o.status;
  return `${what}${detail} [${status}${o.ms >= 50 ? ` ${(o.ms / 1000).toFixed(1)}s` : ''}]`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** listr2 colours even when not on a TTY (colorette turns colour on when CI is set): strip the codes. */
function plain(stream: NodeJS.WritableStream): NodeJS.WriteStream {
  const w = new Writable({ write(chunk: Buffer | string, _enc, cb) { stream.write(String(chunk).replace(ANSI, '')); cb(); } });
  return Object.assign(w, { isTTY: false, columns: 120 }) as unknown as NodeJS.WriteStream;
}

export function createStepView(steps: readonly Step[], renderer: RendererName, stream: NodeJS.WriteStream): StepView {
  const slots = new Map<string, Slot>();
  for (const s of steps) {
    let done!: (o: Outcome) => void;
    const outcome = new Promise<Outcome>((r) => { done = r; });
    slots.set(s.id, { done, outcome });
  }
  const out = renderer === 'default' ? stream : plain(stream);
  const logger = new ListrLogger({ processOutput: new ProcessOutput(out, out) });
  const list = new Listr(
    steps.map((s) => ({
      task: async (_ctx: unknown, task: Handle) => {
        const slot = slots.get(s.id)!;
        slot.handle = task as Handle;
        const o = await slot.outcome;
        task.title = stepLine(s, o);
        if (o.status === 'failed') throw new Error(o.detail ?? 'failed');
        if (o.status === 'not-run' || o.status === 'unknown') task.skip(o.detail ?? o.status);
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      // Ctrl-C is the runner's: stop dispatching and let running steps finish (listr2 would exit at once)
      registerSignalListeners: false,
      collectErrors: false,
      renderer,
      fallbackRenderer: 'simple',
      rendererOptions: { logger, collapseErrors: false, collapseSkips: false, showSkipMessage: true } as never,
    },
  );
  const finished = list.run().then(() => undefined, () => undefined);
  return {
    finished,
    start(step) { const h = slots.get(step.id)?.handle; if (h) h.title = `${stepLine(step)} …`; },
    log(step, line) { const h = slots.get(step.id)?.handle; if (h) h.output = line; },
    end(step, o) { slots.get(step.id)?.done(o); },
  };
}
