// Colour: on a TTY by default; NO_COLOR (non-empty) off; FORCE_COLOR on even on a pipe, FORCE_COLOR=0 off. The step view
// on a pipe carries colour codes only when colour is on, and never a cursor code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Step } from '../../src/compile/plan.js';
import { keepColourOnly, paintStatus, palette, stripAnsi, visibleLength, wantColour } from '../../src/runner/colour.js';
import { createStepView } from '../../src/runner/listr-ui.js';
import type { Outcome } from '../../src/runner/scheduler.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/;
// eslint-disable-next-line no-control-regex
const CURSOR = /\x1b\[[0-9;?]*[A-Za-ln-z]/;

test('the rule: TTY on, pipe off; NO_COLOR off; FORCE_COLOR on (even on a pipe, even with NO_COLOR); FORCE_COLOR=0 off', () => {
  const cases: [stream: { isTTY: boolean }, env: NodeJS.ProcessEnv, want: boolean][] = [
    [tty, {}, true],
    [pipe, {}, false],
    [tty, { NO_COLOR: '1' }, false],
    [tty, { NO_COLOR: 'yes' }, false],
    [tty, { NO_COLOR: '' }, true], // no-color.org: an empty value does not count
    [pipe, { FORCE_COLOR: '1' }, true],
    [pipe, { FORCE_COLOR: '2' }, true],
    [pipe, { FORCE_COLOR: '3' }, true],
    [pipe, { FORCE_COLOR: 'true' }, true],
    [pipe, { FORCE_COLOR: '' }, true],
    [tty, { FORCE_COLOR: '0' }, false],
    [tty, { FORCE_COLOR: 'false' }, false],
    [pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, true], // Node's rule: an explicit FORCE_COLOR wins
    [tty, { TERM: 'dumb' }, false],
    [tty, { CI: 'true' }, false],
    [pipe, { CI: 'true', FORCE_COLOR: '1' }, true],
  ];
  for (const [stream, env, want] of cases) assert.is(wantColour(stream, env), want, `${JSON.stringify(stream)} ${JSON.stringify(env)}`);
});

test('palette: green ok, yellow changed, red failed, dim not run; off is the identity', () => {
  const on = palette(true);
  assert.is(paintStatus(on, 'ok')('ok'), '\x1b[32mok\x1b[39m');
  assert.is(paintStatus(on, 'changed')('changed'), '\x1b[33mchanged\x1b[39m');
  assert.is(paintStatus(on, 'would change')('x'), '\x1b[33mx\x1b[39m');
  assert.is(paintStatus(on, 'failed')('failed'), '\x1b[31mfailed\x1b[39m');
  assert.is(paintStatus(on, 'not-run')('n'), '\x1b[2mn\x1b[22m');
  const off = palette(false);
  for (const s of ['ok', 'changed', 'failed', 'not-run']) assert.is(paintStatus(off, s)(s), s);
  assert.is(on.ok(''), '', 'nothing to paint: no codes');
});

test('stripping: all codes, or cursor codes only (colour kept); visible length ignores codes', () => {
  const text = '\x1b[?25l\x1b[2K\x1b[1A\x1b[32m✔\x1b[39m done\x1b[G';
  assert.is(stripAnsi(text), '✔ done');
  assert.is(keepColourOnly(text), '\x1b[32m✔\x1b[39m done');
  assert.is(visibleLength('\x1b[33mchanged=3\x1b[39m'), 'changed=3'.length);
});

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { write: (s: string | Uint8Array) => { chunks.push(String(s)); return true; }, isTTY: false, columns: 120, on: () => undefined, once: () => undefined, removeListener: () => undefined, end: () => undefined } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const steps: Step[] = [
  { id: '950:lxc.config', node: 'pve', guest: '950', task: 'lxc.config', params: { vmid: '950' }, after: [] },
  { id: '951:lxc.config', node: 'pve', guest: '951', task: 'lxc.config', params: { vmid: '951' }, after: [] },
  { id: '952:lxc.config', node: 'pve', guest: '952', task: 'lxc.config', params: { vmid: '952' }, after: [] },
] as unknown as Step[];
const outcomes: Outcome[] = [
  { status: 'changed', change: { kind: 'update', detail: 'memory 512 -> 1024' }, commands: 1, ms: 1200 },
  { status: 'ok', change: { kind: 'none' }, commands: 0, ms: 300 },
  { status: 'not-run', detail: 'not run because 950:lxc.config failed', commands: 0, ms: 0 },
];

async function render(colour: boolean): Promise<string> {
  const out = sink();
  const view = createStepView(steps, 'simple', out.stream, colour);
  steps.forEach((s, i) => { view.start(s); view.end(s, outcomes[i]!); });
  await view.finished;
  return out.text();
}

test('the step view on a pipe: plain text when colour is off (whatever listr2 would paint), colour codes but no cursor codes when on', async () => {
  const plain = await render(false);
  assert.not.match(plain, /\x1b/, plain);
  assert.match(plain, /950 lxc\.config: memory 512 -> 1024 \[changed 1\.2s\]/);
  assert.match(plain, /951 lxc\.config \[ok\]/, 'a step that sent nothing is not timed');
  const coloured = await render(true);
  assert.match(coloured, SGR);
  assert.not.match(coloured, CURSOR, JSON.stringify(coloured));
  assert.ok(coloured.includes('[\x1b[33mchanged\x1b[39m'), 'changed in yellow');
  assert.ok(coloured.includes('[\x1b[32mok\x1b[39m]'), 'ok in green');
  assert.ok(coloured.includes('\x1b[2m952 lxc.config\x1b[22m'), 'a step not run is dim');
  assert.is(stripAnsi(coloured), plain, 'the same text, only painted');
});

test.run();
