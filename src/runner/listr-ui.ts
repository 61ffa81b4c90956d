// The only file that knows listr2. On a terminal: one listr task per step, the scheduler drives them, listr2's
// animated renderer draws them. Elsewhere (a pipe, a file, CI): the lines listr2's simple renderer prints for such
// tasks (its logger, icons and fields), written as each step ends, with no listr task behind them: 15 000 tasks cost
// 0.8 s and 85 MB of a 3 000-guest run only to print one line each (issue 12).
import { EOL } from 'node:os';
import { Writable } from 'node:stream';
import { color, Listr, ListrDefaultRendererLogLevels as Shown, LISTR_LOGGER_STYLE, ListrLogger, ListrLogLevels as Logged, ProcessOutput } from 'listr2';
import type { Step } from '../compile/plan.js';
import { pendingPhrase } from '../tasks/pending.js';
import { keepColourOnly, NO_COLOUR, paintStatus, palette, stripAnsi, type Paint, type Palette } from './colour.js';
import type { RendererName } from './pick-renderer.js';
import type { Outcome } from './scheduler.js';

interface Handle { title: string | undefined; output: string | undefined; skip(message?: string): void }
interface Slot { handle?: Handle; started?: boolean; done: (o: Outcome) => void; outcome: Promise<Outcome> }

export interface StepView { start(step: Step): void; log(step: Step, line: string): void; end(step: Step, o: Outcome): void; finished: Promise<void> }

/** `950 lxc.feature:base_setup (boot)`: the step id, readable. */
export function stepName(step: Step): string {
  const [base, phase] = step.id.split('#');
  const rest = step.guest && base!.startsWith(`${step.guest}:`) ? base!.slice(step.guest.length + 1) : base!.slice(step.node.length + 1);
  return `${step.guest ?? step.node} ${rest}${phase ? ` (${phase})` : ''}`;
}

/** A step's time is shown when it sent something and took a visible while: a plan alone (a no-op) is not timed. */
export function shownTime(o: Outcome): string | undefined {
  return o.commands > 0 && o.ms >= 50 ? `${(o.ms / 1000).toFixed(1)}s` : undefined;
}

/** `950 lxc.config: memory 512 -> 1024 [changed 1.2s]`; the status word in its colour when `p` paints. */
export function stepLine(step: Step, o?: Outcome, p: Palette = NO_COLOUR): string {
  const what = stepName(step);
  if (!o) return what;
  if (o.status === 'failed') return p.failed(what);
  if (o.status === 'not-run' || o.status === 'unknown') return p.dim(what);
  let detail = o.change && o.change.kind !== 'none' ? `: ${o.change.detail}` : o.detail ? `: ${o.detail}` : o.change?.detail ? `: ${o.change.detail}` : '';
  // what waits for the guest's next start is always said, even when a task's detail does not say it
  const waiting = o.change?.pending ?? [];
  if (waiting.length && !detail.includes('pending until restart')) detail += `${detail ? '; ' : ': '}${pendingPhrase(waiting)}`;
  const status = o.status === 'pending' ? 'would change' : o.status;
  const time = shownTime(o);
  return `${what}${detail} [${paintStatus(p, status)(status)}${time ? ` ${p.dim(time)}` : ''}]`;
}

/**
 * The plain renderer's stream. listr2 colours by its own rule (colorette reads process.env when it is loaded and
 * counts FORCE_COLOR=0 as forcing), so its codes are stripped here unless colour is on; cursor codes always are.
 */
function plain(stream: NodeJS.WritableStream, colour: boolean): NodeJS.WriteStream {
  const clean = colour ? keepColourOnly : stripAnsi;
  const w = new Writable({ write(chunk: Buffer | string, _enc, cb) { stream.write(clean(String(chunk))); cb(); } });
  return Object.assign(w, { isTTY: false, columns: 120 }) as unknown as NodeJS.WriteStream;
}

/** listr2's icons in Phoenix's palette (its own colours would follow colorette, not NO_COLOR / FORCE_COLOR as read here). */
function iconColours(p: Palette): Record<string, Paint> {
  return {
    [Shown.COMPLETED]: p.ok, [Shown.PENDING]: p.running, [Shown.WAITING]: p.dim, [Shown.FAILED]: p.failed,
    [Shown.SKIPPED_WITH_COLLAPSE]: p.dim, [Shown.SKIPPED_WITHOUT_COLLAPSE]: p.dim, [Shown.COMPLETED_WITH_FAILED_SUBTASKS]: p.changed,
    [Shown.COMPLETED_WITH_FAILED_SISTER_TASKS]: p.dim, [Shown.FAILED_WITH_FAILED_SUBTASKS]: p.failed, [Shown.RETRY]: p.changed,
    [Shown.ROLLING_BACK]: p.failed, [Shown.ROLLED_BACK]: p.failed, [Shown.PAUSED]: p.changed,
    [Logged.STARTED]: p.running, [Logged.SKIPPED]: p.dim, [Logged.ROLLBACK]: p.failed,
  };
}

/** `colour`: paint the step lines and listr2's icons (colour.ts wantColour decides). */
export function createStepView(steps: readonly Step[], renderer: RendererName, stream: NodeJS.WriteStream, colour = false): StepView {
  if (renderer === 'silent') return { finished: Promise.resolve(), start: () => undefined, log: () => undefined, end: () => undefined };
  return renderer === 'default' ? listrView(steps, renderer, stream, colour) : lineView(stream, colour);
}

const red = (m?: string): string => color.red(m ?? '');
const yellow = (m?: string): string => color.yellow(m ?? '');

/**
 * What listr2's SimpleRenderer logs for a step's task (dist/index.js `SimpleRenderer.renderer`): nothing when it
 * starts (its title is set once it runs), its output lines, then COMPLETED with its title, or FAILED / SKIPPED with
 * the message as a suffix (the task threw, or skipped).
 */
function lineView(stream: NodeJS.WriteStream, colour: boolean): StepView {
  const p = palette(colour);
  // the logger only calls write(): a plain object, not a Writable (whose machinery was half of each line's cost)
  const clean = p.enabled ? keepColourOnly : stripAnsi;
  const out = { write: (chunk: unknown): boolean => stream.write(clean(String(chunk))), isTTY: false, columns: 120 } as unknown as NodeJS.WriteStream;
  const logger = new ListrLogger({
    processOutput: new ProcessOutput(out, out), icon: { ...LISTR_LOGGER_STYLE.icon }, color: { ...LISTR_LOGGER_STYLE.color, ...iconColours(p) },
  });
  // a step that ended well is one line, `<icon> <title>`: what logger.log(COMPLETED, title) writes for a title of one
  // line (ListrLogger.format: no fields, the icon in its colour, a space), written without formatting it each time
  // (its splitting and field handling were a tenth of a 15 000-step no-op run)
  const completed = `${logger.icon(Logged.COMPLETED) ?? ''} `;
  return {
    finished: Promise.resolve(),
    start: () => undefined,
    log: (_step, line) => { logger.log(Logged.OUTPUT, line); },
    end(step, o) {
      const title = stepLine(step, o, p);
      const ok = o.status !== 'failed' && o.status !== 'not-run' && o.status !== 'unknown';
      if (ok && completed.length > 1 && !title.includes('\n') && title.trim() !== '') { out.write(`${completed}${title}${EOL}`); return; }
      if (o.status === 'failed') logger.log(Logged.FAILED, title, { suffix: { field: `${Logged.FAILED}: ${o.detail ?? 'failed'}`, format: () => red } });
      else if (o.status === 'not-run' || o.status === 'unknown') logger.log(Logged.SKIPPED, title, { suffix: { field: `${Logged.SKIPPED}: ${o.detail ?? o.status}`, format: () => yellow } });
      else logger.log(Logged.COMPLETED, title);
    },
  };
}

/** One listr task per step (exported for the test that holds lineView to what listr2's simple renderer prints). */
export function listrView(steps: readonly Step[], renderer: RendererName, stream: NodeJS.WriteStream, colour = false): StepView {
  const p = palette(colour);
  const slots = new Map<string, Slot>();
  for (const s of steps) {
    let done!: (o: Outcome) => void;
    const outcome = new Promise<Outcome>((r) => { done = r; });
    slots.set(s.id, { done, outcome });
  }
  const out = renderer === 'default' ? stream : plain(stream, p.enabled);
  const running = (step: Step): string => `${stepLine(step)} ${p.dim('…')}`;
  const logger = new ListrLogger({ processOutput: new ProcessOutput(out, out) });
  const list = new Listr(
    steps.map((s) => ({
      task: async (_ctx: unknown, task: Handle) => {
        const slot = slots.get(s.id)!;
        slot.handle = task as Handle;
        // a step can start before listr2 has got round to its task (the first ones do): draw it running now
        if (slot.started) task.title = running(s);
        const o = await slot.outcome;
        task.title = stepLine(s, o, p);
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
      rendererOptions: { logger, collapseErrors: false, collapseSkips: false, showSkipMessage: true, color: iconColours(p) } as never,
    },
  );
  const finished = list.run().then(() => undefined, () => undefined);
  return {
    finished,
    start(step) {
      const slot = slots.get(step.id);
      if (!slot) return;
      slot.started = true;
      if (slot.handle) slot.handle.title = running(step);
    },
    log(step, line) { const h = slots.get(step.id)?.handle; if (h) h.output = line; },
    end(step, o) { slots.get(step.id)?.done(o); },
  };
}
