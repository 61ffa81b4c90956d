import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcDelete } from '../../src/tasks/lxc/delete.js';
import { lxcSnapshot } from '../../src/tasks/lxc/snapshot.js';
import { lxcStart } from '../../src/tasks/lxc/start.js';
import { lxcStop } from '../../src/tasks/lxc/stop.js';
import { vmDelete } from '../../src/tasks/vm/delete.js';
import { vmStart } from '../../src/tasks/vm/start.js';
import { vmStop } from '../../src/tasks/vm/stop.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';

test('PHX-LXC-04 start: stopped CT -> pct start 950; running -> nothing', () => {
  const plan = planOf(lxcStart, factsFrom({ '950': { status: 'stopped' } }), { vmid: '950' });
  assert.is(plan.change.kind, 'run');
  assert.equal(argvs(plan), [['pct', 'start', '950']]);
  assert.equal(planOf(lxcStart, factsFrom({ '950': { status: 'running' } }), { vmid: '950' }), { change: { kind: 'none', detail: 'running' }, commands: [] });
});

test('PHX-LXC-05 stop: running CT -> pct stop 950; stopped CT -> success, no command', () => {
  assert.equal(argvs(planOf(lxcStop, factsFrom({ '950': { status: 'running' } }), { vmid: '950' })), [['pct', 'stop', '950']]);
  const stopped = planOf(lxcStop, factsFrom({ '950': { status: 'stopped' } }), { vmid: '950' });
  assert.is(stopped.change.kind, 'none');
  assert.equal(stopped.commands, []);
});

test('PHX-LXC-06 delete: running CT is stopped, then destroyed; absent -> nothing', () => {
  const plan = planOf(lxcDelete, factsFrom({ '950': { status: 'running' } }), { vmid: '950' });
  assert.is(plan.change.kind, 'delete');
  assert.equal(argvs(plan), [['pct', 'stop', '950'], ['pct', 'destroy', '950', '--purge', '1']]);
  assert.equal(planOf(lxcDelete, factsFrom({}), { vmid: '950' }), { change: { kind: 'none', detail: 'absent' }, commands: [] });
});

test('PHX-VM-04 start: qm start 1000', () => {
  assert.equal(argvs(planOf(vmStart, factsFrom({ '1000': { type: 'qemu', status: 'stopped' } }), { vmid: '1000' })), [['qm', 'start', '1000']]);
});

test('a VM template is never started', () => {
  const facts = factsFrom({ '9000': { type: 'qemu', status: 'stopped', template: true } });
  assert.equal(planOf(vmStart, facts, { vmid: '9000' }), { change: { kind: 'none', detail: 'template: never started' }, commands: [] });
});

test('PHX-VM-05 stop: qm stop 1000; already stopped -> nothing', () => {
  assert.equal(argvs(planOf(vmStop, factsFrom({ '1000': { type: 'qemu', status: 'running' } }), { vmid: '1000' })), [['qm', 'stop', '1000']]);
  assert.is(planOf(vmStop, factsFrom({ '1000': { type: 'qemu', status: 'stopped' } }), { vmid: '1000' }).change.kind, 'none');
});

test('PHX-VM-06 delete: running VM stopped then destroyed', () => {
  assert.equal(argvs(planOf(vmDelete, factsFrom({ '1000': { type: 'qemu', status: 'running' } }), { vmid: '1000' })), [['qm', 'stop', '1000'], ['qm', 'destroy', '1000', '--purge', '1']]);
});

const ha = (guests: Parameters<typeof factsFrom>[0], managed: string[]) => ({ ...factsFrom(guests), haManaged: managed });

test('HA-managed CT: start and stop are refused, naming the ha-manager command; other guests are not affected', () => {
  const stopped = ha({ '950': { status: 'stopped' }, '951': { status: 'stopped' } }, ['950']);
  assert.throws(() => planOf(lxcStart, stopped, { vmid: '950' }), /CT 950 is managed by HA \(ct:950\): `pct start 950` would only queue a request to the HA manager\. Use `ha-manager set ct:950 --state started`, or remove it from HA \(`ha-manager remove ct:950`\)/);
  assert.equal(argvs(planOf(lxcStart, stopped, { vmid: '951' })), [['pct', 'start', '951']]);
  const running = ha({ '950': { status: 'running' } }, ['950']);
  assert.throws(() => planOf(lxcStop, running, { vmid: '950' }), /`ha-manager set ct:950 --state stopped`/);
});

test('HA-managed guest already in the wanted state: nothing to do, no refusal', () => {
  assert.equal(planOf(lxcStart, ha({ '950': { status: 'running' } }, ['950']), { vmid: '950' }), { change: { kind: 'none', detail: 'running' }, commands: [] });
  assert.is(planOf(lxcStop, ha({ '950': { status: 'stopped' } }, ['950']), { vmid: '950' }).change.kind, 'none');
  assert.is(planOf(vmStart, ha({ '9000': { type: 'qemu', template: true } }, ['9000']), { vmid: '9000' }).change.kind, 'none');
});

test('HA-managed VM: refused as vm:N', () => {
  assert.throws(() => planOf(vmStart, ha({ '1000': { type: 'qemu', status: 'stopped' } }, ['1000']), { vmid: '1000' }), /VM 1000 is managed by HA \(vm:1000\): `qm start 1000`.*`ha-manager set vm:1000 --state started`/);
  assert.throws(() => planOf(vmStop, ha({ '1000': { type: 'qemu', status: 'running' } }, ['1000']), { vmid: '1000' }), /`ha-manager set vm:1000 --state stopped`/);
});

test('delete of an HA-managed CT: running -> refused (the stop would only be queued); stopped -> destroy --purge (removes it from HA)', () => {
  assert.throws(() => planOf(lxcDelete, ha({ '950': { status: 'running' } }, ['950']), { vmid: '950' }), /CT 950 is managed by HA/);
  assert.equal(argvs(planOf(lxcDelete, ha({ '950': { status: 'stopped' } }, ['950']), { vmid: '950' })), [['pct', 'destroy', '950', '--purge', '1']]);
});

test('template snapshot: taken when absent, never again', () => {
  const plan = planOf(lxcSnapshot, factsFrom({ '900': { status: 'running' } }), { vmid: '900', name: 'final-form' });
  assert.is(plan.change.kind, 'create');
  assert.equal(argvs(plan), [['pct', 'snapshot', '900', 'final-form']]);
  assert.equal(planOf(lxcSnapshot, factsFrom({ '900': { status: 'running', snapshots: ['final-form'] } }), { vmid: '900', name: 'final-form' }), { change: { kind: 'none', detail: 'exists' }, commands: [] });
});

test.run();
