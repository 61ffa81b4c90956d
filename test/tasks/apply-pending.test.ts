// lxc.apply-pending / vm.apply-pending (--apply-pending): facts in, commands out; and where the compiler puts it.
import Ajv2020 from 'ajv/dist/2020.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCli } from '../../src/cli/parse-args.js';
import { compile } from '../../src/compile/compile.js';
import type { Plan } from '../../src/compile/plan.js';
import { playbookDrift, recompileArgs } from '../../src/compile/playbook-drift.js';
import { parsePlaybook, planToYaml } from '../../src/compile/to-yaml.js';
import { validatePlaybook } from '../../src/compile/validate-playbook.js';
import { UsageError } from '../../src/errors.js';
import { applyPendingTask } from '../../src/tasks/apply-pending.js';
import { taskFor } from '../../src/tasks/registry.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';
import { lxc, makeModel, seedModel, vm } from '../helpers/model.js';

const ct = applyPendingTask('lxc');
const qm = applyPendingTask('vm');
const pendingNs = { config: { nameserver: '1.1.1.1' }, pending: { nameserver: '8.8.8.8' } };

test('running CT with pending changes -> pct reboot (applies them); the re-read after it shows none: nothing more', () => {
  const plan = planOf(ct, factsFrom({ '950': { status: 'running', ...pendingNs } }), { vmid: '950' });
  assert.equal(argvs(plan), [['pct', 'reboot', '950']]);
  assert.equal(plan.change, { kind: 'run', detail: 'restart to apply nameserver', applies: ['nameserver'] });
  const after = factsFrom({ '950': { status: 'running', config: { nameserver: '8.8.8.8' } } });
  assert.equal(planOf(ct, after, { vmid: '950' }), { change: { kind: 'none', detail: 'nothing pending' }, commands: [] });
});

test('running VM with pending memory -> qm shutdown (forced after the timeout), then qm start', () => {
  const plan = planOf(qm, factsFrom({ '1000': { type: 'qemu', status: 'running', config: { memory: '512' }, pending: { memory: '1024' } } }), { vmid: '1000' });
  assert.equal(argvs(plan), [['qm', 'shutdown', '1000', '--forceStop', '1'], ['qm', 'start', '1000']]);
});

test('a pending delete counts; a pending value equal to the current one does not', () => {
  assert.equal(argvs(planOf(ct, factsFrom({ '950': { status: 'running', config: { searchdomain: 'lan' }, pendingDelete: ['searchdomain'] } }), { vmid: '950' })), [['pct', 'reboot', '950']]);
  assert.equal(planOf(ct, factsFrom({ '950': { status: 'running', config: { cores: '2' }, pending: { cores: '2' } } }), { vmid: '950' }).commands, []);
});

test('nothing pending, a stopped guest, a template: no command', () => {
  assert.equal(planOf(ct, factsFrom({ '950': { status: 'running', config: { cores: '1' } } }), { vmid: '950' }).commands, []);
  const stopped = planOf(ct, factsFrom({ '950': { status: 'stopped', ...pendingNs } }), { vmid: '950' });
  assert.equal(stopped, { change: { kind: 'none', detail: 'stopped: nameserver pending until restart', pending: ['nameserver'] }, commands: [] });
  assert.equal(planOf(ct, factsFrom({ '900': { status: 'running', template: true, ...pendingNs } }), { vmid: '900' }), { change: { kind: 'none', detail: 'template: never restarted' }, commands: [] });
});

test('absent guest: refused; an HA-managed VM: refused, naming HA (qm shutdown would only queue)', () => {
  assert.throws(() => planOf(ct, factsFrom({}), { vmid: '950' }), /CT 950 does not exist on pve/);
  const facts = factsFrom({ '1000': { type: 'qemu', status: 'running', config: { memory: '512' }, pending: { memory: '1024' } } });
  facts.haManaged = ['1000'];
  assert.throws(() => planOf(qm, facts, { vmid: '1000' }), /VM 1000 is managed by HA \(vm:1000\)/);
});

const ids = (p: Plan, task: RegExp): string[] => p.steps.filter((s) => task.test(s.task)).map((s) => s.id);

test('compile: without --apply-pending no restart step; with it, one per non-template guest, right after its start', () => {
  const model = seedModel();
  assert.equal(ids(compile(model, 'LetsGo'), /apply-pending/), []);
  const p = compile(model, 'LetsGo', { applyPending: true });
  assert.equal(ids(p, /apply-pending/).sort(), ['1000:vm.apply-pending', '900:lxc.apply-pending', '950:lxc.apply-pending', '953:lxc.apply-pending']);
  assert.not.ok(p.steps.some((x) => x.guest === '9000' && /apply-pending/.test(x.task)), 'template 9000 is never restarted');
  assert.is(p.applyPending, true);
  const s = p.steps.find((x) => x.id === '950:lxc.apply-pending')!;
  assert.ok(s.after.includes('950:lxc.start'), s.after.join(', '));
  const v = new Ajv2020.default({ strict: false }).compile(taskFor('lxc.apply-pending').schema);
  assert.ok(v(s.params), JSON.stringify(s.params));
});

test('compile: reconfigure --apply-pending restarts in boot order (900, 953, 1000, 950), the template 9000 never', () => {
  const p = compile(seedModel(), 'reconfigure', { ids: ['950', '953', '1000', '900', '9000'], applyPending: true });
  const restarts = ids(p, /apply-pending/);
  assert.equal(restarts, ['900:lxc.apply-pending', '953:lxc.apply-pending', '1000:vm.apply-pending', '950:lxc.apply-pending']);
  const step = (id: string) => p.steps.find((x) => x.id === id)!;
  assert.ok(step('1000:vm.apply-pending').after.includes('953:lxc.apply-pending'));
  assert.ok(step('950:lxc.apply-pending').after.includes('1000:vm.apply-pending'));
  // a CT's restart follows its configuration and precedes its features
  const order = p.steps.map((x) => x.id);
  assert.ok(order.indexOf('950:lxc.config') < order.indexOf('950:lxc.apply-pending'));
  const model = makeModel({ '950': lxc('950', { features: ['base'] }) }, [vm(1000)]);
  model.scriptFiles = { 'features/base.sh': { path: '/nonexistent/features/base.sh', sha256: 'a'.repeat(64), firstLine: '#!/bin/sh' } };
  const q = compile(model, 'reconfigure', { ids: ['950'], applyPending: true }).steps.map((x) => x.id);
  assert.ok(q.indexOf('950:lxc.apply-pending') < q.indexOf('950:lxc.feature:base'), q.join(' '));
});

test('playbook: compiled with --apply-pending, it records the option, validates, and recompiles without drift', () => {
  const model = seedModel();
  const plan = compile(model, 'reconfigure', { ids: ['950'], applyPending: true });
  const back = validatePlaybook(parsePlaybook(planToYaml(plan)), 'pb.yaml');
  assert.is(back.applyPending, true);
  assert.is(playbookDrift(back, model), undefined);
  assert.equal(recompileArgs(back), ['plan', 'reconfigure', '950', '--apply-pending']);
  // the same steps without the option are a drift (the restart step would be missing)
  assert.match(playbookDrift({ ...back, applyPending: false }, model) ?? '', /apply-pending/);
  // verbs that do not take it do not record it
  assert.is(compile(model, 'start', { ids: ['950'], applyPending: true }).applyPending, undefined);
});

test('cli: --apply-pending for create, reconfigure and LetsGo; refused for other verbs', () => {
  const c = parseCli(['reconfigure', '950', '--apply-pending']);
  assert.ok(c.kind === 'run' && c.options.applyPending);
  assert.ok(parseCli(['LetsGo']).kind === 'run' && !(parseCli(['LetsGo']) as { options: { applyPending: boolean } }).options.applyPending);
  assert.throws(() => parseCli(['start', '950', '--apply-pending']), (e: unknown) => e instanceof UsageError && /--apply-pending is for create, reconfigure, LetsGo, not 'start'/.test(e.message));
});

test.run();
