// Off a terminal the step view prints listr2's simple-renderer lines itself (listr-ui.ts lineView), without a listr
// task per step: it must print what one listr task per step under listr2's simple renderer prints, line for line,
// with and without colour, for every kind of ending and for a step's output lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Step } from '../../src/compile/plan.js';
import { createStepView, listrView, type StepView } from '../../src/runner/listr-ui.js';
import type { Outcome } from '../../src/runner/scheduler.js';

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { write: (s: string | Uint8Array) => { chunks.push(String(s)); return true; }, isTTY: false, columns: 120, on: () => undefined, once: () => undefined, removeListener: () => undefined, end: () => undefined } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const step = (guest: string, task: string): Step => ({ id: `${guest}:${task}`, node: 'pve', guest, task, params: { vmid: guest }, after: [] }) as unknown as Step;
const cases: { step: Step; o: Outcome; log?: string }[] = [
  { step: step('950', 'lxc.config'), o: { status: 'changed', change: { kind: 'update', detail: 'memory 512 -> 1024' }, commands: 1, ms: 1200 }, log: 'pct set 950 --memory 1024' },
  { step: step('951', 'lxc.config'), o: { status: 'ok', change: { kind: 'none' }, commands: 0, ms: 3 } },
  { step: step('952', 'lxc.start'), o: { status: 'failed', detail: 'pct start 952: exit 255: startup for container failed', commands: 1, ms: 800 } },
  { step: step('953', 'lxc.start'), o: { status: 'not-run', rootCause: '952:lxc.start', detail: 'not run because 952:lxc.start failed', commands: 0, ms: 0 } },
  { step: step('954', 'lxc.config'), o: { status: 'unknown', detail: 'unknown (after 952)', commands: 0, ms: 0 } },
  { step: step('955', 'lxc.config'), o: { status: 'pending', change: { kind: 'update', detail: 'cores 1 -> 2' }, commands: 0, ms: 1 } },
];

async function render(make: (steps: Step[], out: NodeJS.WriteStream) => StepView): Promise<string[]> {
  const out = sink();
  const view = make(cases.map((c) => c.step), out.stream);
  for (const c of cases) {
    view.start(c.step);
    await new Promise((r) => setImmediate(r)); // listr2 gets round to the task (it prints output only once it runs)
    if (c.log) view.log(c.step, c.log);
    view.end(c.step, c.o);
    await new Promise((r) => setImmediate(r));
  }
  await view.finished;
  return out.text().split('\n').filter(Boolean);
}

for (const colour of [false, true]) {
  test(`the line view prints what listr2's simple renderer prints for listr tasks (colour ${colour ? 'on' : 'off'})`, async () => {
    const mine = await render((steps, out) => createStepView(steps, 'simple', out, colour));
    const listr = await render((steps, out) => listrView(steps, 'simple', out, colour));
    assert.equal(mine, listr);
    assert.is(mine.length, cases.length + 1, mine.join('\n'));
  });
}

test('the line view: one line per step as it ends, its output lines before it; nothing for a start', async () => {
  const lines = await render((steps, out) => createStepView(steps, 'simple', out, false));
  assert.match(lines[0]!, /pct set 950 --memory 1024/);
  assert.match(lines[1]!, /950 lxc\.config: memory 512 -> 1024 \[changed 1\.2s\]/);
  assert.match(lines[3]!, /952 lxc\.start.*FAILED: pct start 952: exit 255/);
  assert.match(lines[4]!, /953 lxc\.start.*SKIPPED: not run because 952:lxc\.start failed/);
});

test('the silent view prints nothing', async () => {
  assert.equal(await render((steps, out) => createStepView(steps, 'silent', out, false)), []);
});

test.run();
