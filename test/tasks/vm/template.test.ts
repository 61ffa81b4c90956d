// vm.template: facts in, commands out (running / stopped / template).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { vmTemplate } from '../../../src/tasks/vm/template.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

test('running VM: stopped first, then converted', () => {
  const plan = planOf(vmTemplate, factsFrom({ '9000': { type: 'qemu', status: 'running' } }), { vmid: '9000' });
  assert.is(plan.change.kind, 'update');
  assert.equal(argvs(plan), [['qm', 'stop', '9000'], ['qm', 'template', '9000']]);
});

test('stopped VM: converted, nothing stopped', () => {
  assert.equal(argvs(planOf(vmTemplate, factsFrom({ '9000': { type: 'qemu' } }), { vmid: '9000' })), [['qm', 'template', '9000']]);
});

test('a template is left alone', () => {
  const plan = planOf(vmTemplate, factsFrom({ '9000': { type: 'qemu', template: true } }), { vmid: '9000' });
  assert.is(plan.change.kind, 'none');
  assert.equal(plan.commands, []);
});

test('the confirming re-read includes the live status', () => {
  assert.is(vmTemplate.reread, 'guest-status');
});

test.run();
