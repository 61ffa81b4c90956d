// What the chains give the create and config steps so they can see drift on every field Phoenix sets, and --recreate.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import type { Step } from '../../src/compile/plan.js';
import { lxc, makeModel, vm } from '../helpers/model.js';

const model = makeModel({
  '900': lxc('900', { template_snapshot_name: 'final-form', unprivileged: false }),
  // a clone says nothing of unprivileged (default true): it is what its source is
  '950': lxc('950', { clone_from_ctid: '900' }),
  '960': lxc('960', { template: 'local:vztmpl/golden.tar.zst' }),
}, [vm(9000, { is_template: true, template_image: 'noble.img' })]);

const find = (steps: Step[], id: string): Step => steps.find((s) => s.id === id)!;

test('create: the CT identity comes from the root of its clone chain; the config step carries hostname and ostype', () => {
  const steps = compile(model, 'create', { ids: ['950', '960', '9000'] }).steps;
  const c950 = find(steps, '950:lxc.create').params as Record<string, unknown>;
  assert.equal([c950.unprivileged, c950.arch, c950.recreate], [false, 'amd64', undefined]);
  assert.equal(find(steps, '950:lxc.config').params, { ...find(steps, '950:lxc.config').params, hostname: 'ct950', ostype: 'debian' });
  // a template whose name says no OS or arch: nothing expected, nothing compared
  const c960 = find(steps, '960:lxc.create').params as Record<string, unknown>;
  assert.is(c960.arch, undefined);
  assert.is((find(steps, '960:lxc.config').params as Record<string, unknown>).ostype, undefined);
  assert.is((find(steps, '9000:vm.config').params as Record<string, unknown>).name, 'vm9000');
});

test('--recreate reaches the create steps of create and LetsGo, and is recorded in the plan', () => {
  const plan = compile(model, 'create', { ids: ['950'], recreate: true });
  assert.is(plan.recreate, true);
  assert.is((find(plan.steps, '950:lxc.create').params as Record<string, unknown>).recreate, true);
  const lets = compile(model, 'LetsGo', { recreate: true }).steps;
  assert.is((find(lets, '9000:vm.create').params as Record<string, unknown>).recreate, true);
});

test('reconfigure: no create step; with --recreate the create step comes along, never to create (mustExist)', () => {
  const plain = compile(model, 'reconfigure', { ids: ['950'] }).steps;
  assert.is(plain.some((s) => s.task === 'lxc.create'), false);
  const steps = compile(model, 'reconfigure', { ids: ['950', '9000'], recreate: true }).steps;
  const create = find(steps, '950:lxc.create');
  assert.equal([(create.params as Record<string, unknown>).recreate, (create.params as Record<string, unknown>).mustExist], [true, true]);
  assert.equal(find(steps, '950:lxc.config').after, ['950:lxc.create']);
  assert.is((find(steps, '9000:vm.create').params as Record<string, unknown>).mustExist, true);
});

test.run();
