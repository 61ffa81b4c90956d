// The end-of-run summary and the step line: what waits in a guest's pending section is said, per guest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Step } from '../../src/compile/plan.js';
import { stepLine } from '../../src/runner/listr-ui.js';
import type { Outcome } from '../../src/runner/scheduler.js';
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

test.run();
