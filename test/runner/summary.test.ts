// The end-of-run summary and the step line: what waits in a guest's pending section is said, per guest; the per-node
// recap is aligned and adds up to the summary; nothing is timed on a no-op; colour only when asked for.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Step } from '../../src/compile/plan.js';
import { stepLine } from '../../src/runner/listr-ui.js';
import type { Outcome } from '../../src/runner/scheduler.js';
import { palette, stripAnsi } from '../../src/runner/colour.js';
import { formatSummary, summarize } from '../../src/runner/summary.js';

const step = (id: string, task: Step['task'], guest: string): Step => ({ id, node: 'pve', guest, task, params: { vmid: guest }, after: [] } as unknown as Step);
const extra = { factCommands: { pve: 1 }, unreachable: [], wallMs: 1200, factsMs: 300 };

const steps = [
  step('950:lxc.config', 'lxc.config', '950'),
  step('950:lxc.mounts', 'lxc.mounts', '950'),
  step('951:lxc.config', 'lxc.config', '951'),
  step('1000:vm.config', 'vm.config', '1000'),
];

test('pending keys are collected per guest across its steps, sorted, and printed as "950: ... pending until restart"', () => {
  const outcomes = new Map<string, Outcome>([
    ['950:lxc.config', { status: 'ok', change: { kind: 'none', detail: 'nameserver pending until restart', pending: ['nameserver'] }, commands: 0, ms: 1 }],
    ['950:lxc.mounts', { status: 'changed', change: { kind: 'update', detail: 'mp5: rebind (pending until restart)', pending: ['mp5'] }, commands: 1, ms: 5 }],
    ['951:lxc.config', { status: 'ok', change: { kind: 'none' }, commands: 0, ms: 1 }],
    ['1000:vm.config', { status: 'changed', change: { kind: 'update', detail: 'memory 512 -> 1024 (pending until restart)', pending: ['memory'] }, commands: 1, ms: 5 }],
  ]);
  const s = summarize(steps, outcomes, extra);
  assert.equal(s.pending, [{ guest: '950', keys: ['mp5', 'nameserver'] }, { guest: '1000', keys: ['memory'] }]);
  const lines = formatSummary(s, false);
  assert.ok(lines.includes('950: mp5, nameserver pending until restart'), lines.join('\n'));
  assert.ok(lines.includes('1000: memory pending until restart'), lines.join('\n'));
  assert.ok(lines.some((l) => /--apply-pending, or restart 950 1000/.test(l)), lines.join('\n'));
  assert.ok(formatSummary(s, true).includes('950: mp5, nameserver pending until restart'), 'check mode says it too');
});

test('a restart that went through (applies) takes the keys off; one that failed does not', () => {
  const two = [step('950:lxc.config', 'lxc.config', '950'), step('950:lxc.apply-pending', 'lxc.apply-pending', '950')];
  const config: Outcome = { status: 'changed', change: { kind: 'update', detail: 'nameserver 1 -> 2 (pending until restart)', pending: ['nameserver'] }, commands: 1, ms: 5 };
  const restarted: Outcome = { status: 'changed', change: { kind: 'run', detail: 'restart to apply nameserver', applies: ['nameserver'] }, commands: 1, ms: 5 };
  assert.equal(summarize(two, new Map([['950:lxc.config', config], ['950:lxc.apply-pending', restarted]]), extra).pending, []);
  const failed: Outcome = { ...restarted, status: 'failed', detail: 'pct reboot failed' };
  assert.equal(summarize(two, new Map([['950:lxc.config', config], ['950:lxc.apply-pending', failed]]), extra).pending, [{ guest: '950', keys: ['nameserver'] }]);
});

test('nothing pending: no pending line, no hint', () => {
  const s = summarize(steps.slice(2, 3), new Map([['951:lxc.config', { status: 'ok', change: { kind: 'none' }, commands: 0, ms: 1 } as Outcome]]), extra);
  assert.equal(s.pending, []);
  assert.not.ok(formatSummary(s, false).some((l) => /pending/i.test(l)));
});

test('step line: the pending detail shows; a change whose detail does not say it gets the phrase appended', () => {
  const s = steps[0]!;
  assert.is(stepLine(s, { status: 'ok', change: { kind: 'none', detail: 'nameserver pending until restart', pending: ['nameserver'] }, commands: 0, ms: 1 }),
    '950 lxc.config: nameserver pending until restart [ok]');
  assert.is(stepLine(s, { status: 'changed', change: { kind: 'update', detail: 'features (unset) -> nesting=1', pending: ['features'] }, commands: 1, ms: 1 }),
    '950 lxc.config: features (unset) -> nesting=1; features pending until restart [changed]');
  assert.is(stepLine(s, { status: 'ok', change: { kind: 'none' }, commands: 0, ms: 1 }), '950 lxc.config [ok]');
});

test('warnings of successful commands are counted per step in the summary line', () => {
  const outcomes = new Map<string, Outcome>([
    ['950:lxc.config', { status: 'changed', change: { kind: 'update', detail: 'x' }, commands: 1, ms: 1, warnings: ['explicitly configured lxc.apparmor.profile overrides the following settings: features:nesting', 'w2'] }],
    ['951:lxc.config', { status: 'ok', change: { kind: 'none' }, commands: 0, ms: 1 }],
  ]);
  const s = summarize([steps[0]!, steps[2]!], outcomes, extra);
  assert.equal(s.warnings, [{ step: '950:lxc.config', count: 2 }]);
  assert.ok(formatSummary(s, false).some((l) => /^Summary: 1 changed, 1 ok, 0 failed, 0 not run, 2 warnings \(950:lxc\.config 2\) in /.test(l)), formatSummary(s, false).join('\n'));
  const quiet = summarize([steps[2]!], outcomes, extra);
  assert.not.ok(formatSummary(quiet, false).some((l) => /warning/.test(l)));
});

const onNode = (id: string, node: string, guest: string): Step => ({ ...step(id, 'lxc.config', guest), node });
const ok = (ms = 1): Outcome => ({ status: 'ok', change: { kind: 'none' }, commands: 0, ms });
const changed = (ms: number): Outcome => ({ status: 'changed', change: { kind: 'update', detail: 'x' }, commands: 1, ms });

test('recap: one line per node (sorted), columns aligned whatever the name and count widths, adding up to the summary', () => {
  const many = [onNode('950:a', 'pve', '950'), onNode('951:a', 'pve', '951'), ...Array.from({ length: 12 }, (_, i) => onNode(`96${i}:a`, 'pve-backup-2', `96${i}`)), onNode('970:a', 'z', '970')];
  const outcomes = new Map<string, Outcome>(many.map((s, i) => [s.id, i === 0 ? changed(900) : s.node === 'z' ? { status: 'failed', detail: 'boom', commands: 1, ms: 5 } : ok()]));
  const s = summarize(many, outcomes, { ...extra, unreachable: ['z'] });
  const lines = formatSummary(s, false);
  const at = lines.indexOf('Recap:');
  assert.ok(at >= 0, lines.join('\n'));
  const recap = lines.slice(at + 1, at + 4);
  assert.equal(recap, [
    '  pve           ok=1   changed=1  failed=0  unreachable=0  not-run=0',
    '  pve-backup-2  ok=12  changed=0  failed=0  unreachable=0  not-run=0',
    '  z             ok=0   changed=0  failed=1  unreachable=1  not-run=0',
  ]);
  assert.ok(lines.indexOf('Summary: 1 changed, 13 ok, 1 failed, 0 not run in 1.2s') > at, 'the totals follow the recap');
  const checked = formatSummary(summarize(many, new Map(many.map((x) => [x.id, { status: 'pending', change: { kind: 'update', detail: 'x' }, commands: 0, ms: 0 } as Outcome])), extra), true);
  assert.ok(checked.includes('  pve           ok=0  would-change=2   unknown=0  failed=0  unreachable=0  not-run=0'), checked.join('\n'));
});

test('a no-op is not timed: no Slowest, no time per node, even when the steps took a while to plan', () => {
  const s = summarize(steps, new Map(steps.map((x) => [x.id, ok(400)])), extra);
  const text = formatSummary(s, false).join('\n');
  assert.match(text, /Nothing changed/);
  assert.not.match(text, /Slowest|Time per node/);
  assert.not.match(formatSummary(s, true).join('\n'), /Slowest|Time per node/, 'nor a check');
});

test('a run that changed something: the slowest steps that took a visible time, and the time per node', () => {
  const outcomes = new Map<string, Outcome>([['950:lxc.config', changed(2500)], ['950:lxc.mounts', changed(20)], ['951:lxc.config', ok(3)], ['1000:vm.config', ok(0)]]);
  const lines = formatSummary(summarize(steps, outcomes, extra), false);
  assert.ok(lines.includes('Slowest: 950:lxc.config 2.50s'), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('Time per node (sum of step times): pve 2.52s')), lines.join('\n'));
});

test('colour only when asked: yellow changed, green ok, red failed and its FAILED line; the same text once stripped', () => {
  const outcomes = new Map<string, Outcome>([['950:lxc.config', changed(100)], ['950:lxc.mounts', ok()], ['951:lxc.config', { status: 'failed', detail: 'boom', commands: 1, ms: 5 }], ['1000:vm.config', { status: 'not-run', detail: 'not run', commands: 0, ms: 0 }]]);
  const s = summarize(steps, outcomes, extra);
  const plain = formatSummary(s, false);
  assert.not.match(plain.join('\n'), /\x1b/);
  const painted = formatSummary(s, false, true);
  const text = painted.join('\n');
  assert.ok(text.includes('\x1b[33m1 changed\x1b[39m'), text);
  assert.ok(text.includes('\x1b[32m1 ok\x1b[39m'), text);
  assert.ok(text.includes('\x1b[31m1 failed\x1b[39m'), text);
  assert.ok(text.includes('\x1b[2m1 not run\x1b[22m'), text);
  assert.ok(text.includes('\x1b[31mFAILED 951:lxc.config: boom\x1b[39m'), text);
  assert.ok(text.includes('\x1b[31mpve\x1b[39m'), 'the node where something failed is red');
  assert.equal(painted.map(stripAnsi), plain);
});

test('step line: a step is timed only when it sent commands and took a visible time; the status word in colour', () => {
  const s = steps[0]!;
  assert.is(stepLine(s, { ...changed(1234) }), '950 lxc.config: x [changed 1.2s]');
  assert.is(stepLine(s, ok(900)), '950 lxc.config [ok]', 'planned only: not timed');
  assert.is(stepLine(s, { ...changed(10) }), '950 lxc.config: x [changed]');
  assert.is(stepLine(s, changed(1234), palette(true)), '950 lxc.config: x [\x1b[33mchanged\x1b[39m \x1b[2m1.2s\x1b[22m]');
});

test.run();
