// A playbook is run only as its configuration compiles it now: the first difference is named (step and field).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import type { Plan } from '../../src/compile/plan.js';
import { playbookDrift, recompileArgs } from '../../src/compile/playbook-drift.js';
import { seedModel } from '../helpers/model.js';

/** A plan as it comes back from a playbook file (JSON-clean). */
const fileOf = (p: Plan): Plan => JSON.parse(JSON.stringify(p)) as Plan;
const m = seedModel();

test('a playbook exactly as compiled is current', () => {
  assert.is(playbookDrift(fileOf(compile(m, 'LetsGo')), m), undefined);
  assert.is(playbookDrift(fileOf(compile(m, 'stop', { all: true })), m), undefined);
  assert.is(playbookDrift(fileOf(compile(m, 'test', { ids: ['pve', '950'] })), m), undefined);
  assert.is(playbookDrift(fileOf(compile(m, 'test', { ids: ['950'], suite: 'health' })), m), undefined);
});

test('no configHash, or another one: refused', () => {
  const p = fileOf(compile(m, 'start', { ids: ['950'] }));
  delete p.configHash;
  assert.match(playbookDrift(p, m) ?? '', /^has no configHash/);
  assert.match(playbookDrift({ ...p, configHash: '1'.repeat(64) }, m) ?? '', /^compiled from a configuration that has changed since/);
});

test('an edited param is named with its step and path', () => {
  const p = fileOf(compile(m, 'delete', { ids: ['950'] }));
  (p.steps[0]!.params as { vmid: string }).vmid = '960';
  assert.is(playbookDrift(p, m), '/steps/0 (950:lxc.delete): params.vmid is "960" in the playbook, but the configuration compiles "950"');
});

test('a removed guest, a changed node, task or after are each named', () => {
  const base = fileOf(compile(m, 'start', { ids: ['953', '950'] }));
  const edit = (f: (p: Plan) => void): string | undefined => { const p = fileOf(base); f(p); return playbookDrift(p, m); };
  assert.is(edit((p) => { delete p.steps[1]!.guest; }), '/steps/1 (950:lxc.start): guest is absent in the playbook, but the configuration compiles "950"');
  assert.is(edit((p) => { p.steps[0]!.node = 'pve2'; }), '/steps/0 (953:lxc.start): node is "pve2" in the playbook, but the configuration compiles "pve"');
  assert.is(edit((p) => { p.steps[1]!.after = []; }), '/steps/1 (950:lxc.start): after[0] is absent in the playbook, but the configuration compiles "953:lxc.start"');
  assert.is(edit((p) => { p.steps[0]!.task = 'lxc.stop'; }), '/steps/0 (953:lxc.start): task is "lxc.stop" in the playbook, but the configuration compiles "lxc.start"');
});

test('a step added or dropped, and edited targets, are refused', () => {
  const base = fileOf(compile(m, 'start', { ids: ['953', '950'] }));
  assert.match(playbookDrift({ ...base, steps: base.steps.slice(0, 1) }, m) ?? '', /^\/steps\/1: missing: the configuration compiles 950:lxc\.start here/);
  const extra = { ...base.steps[0]!, id: '953:lxc.start#again' };
  assert.match(playbookDrift({ ...base, steps: [...base.steps, extra] }, m) ?? '', /^\/steps\/2 \(953:lxc\.start#again\): the configuration compiles no such step/);
  assert.is(playbookDrift({ ...base, targets: ['953', '950', '1000'] }, m), '/steps/1 (950:lxc.start): id is "950:lxc.start" in the playbook, but the configuration compiles "1000:vm.start"');
  assert.match(playbookDrift({ ...base, targets: ['953', '9999'] }, m) ?? '', /^does not compile from the configuration: Error: Target ID '9999' not found/);
});

test('the recorded options are used to recompile, and named in the hint', () => {
  const t = fileOf(compile(m, 'test', { ids: ['950'], suite: 'health' }));
  assert.equal(recompileArgs(t), ['plan', 'test', '950', '--suite', 'health']);
  assert.equal(recompileArgs(fileOf(compile(m, 'stop', { all: true }))), ['plan', 'stop', '--all']);
  assert.equal(recompileArgs(fileOf(compile(m, 'LetsGo'))), ['plan', 'LetsGo']);
});

test.run();
