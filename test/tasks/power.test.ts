import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcDelete } from '../../src/tasks/lxc/delete.js';
import { lxcSnapshot } from '../../src/tasks/lxc/snapshot.js';
import { lxcStart } from '../../src/tasks/lxc/start.js';
import { lxcStop } from '../../src/tasks/lxc/stop.js';
import { vmDelete } from '../../src/tasks/vm/delete.js';
import { vmStart } from '../../src/tasks/vm/start.js';
import { vmStop } from '../../src/tasks/vm/stop.js';
import { factsFrom, recorder } from '../helpers/facts.js';

test('PHX-LXC-04 start: stopped CT -> pct start 950; running -> nothing', async () => {
  const facts = factsFrom({ '950': { status: 'stopped' } });
  const ctx = recorder(facts);
  assert.is(lxcStart.check(facts, { vmid: '950' }).kind, 'run');
  await lxcStart.apply(ctx, { vmid: '950' });
  assert.equal(ctx.calls, [['pct', 'start', '950']]);
  assert.is(lxcStart.check(facts, { vmid: '950' }).kind, 'none');
});

test('PHX-LXC-05 stop: running CT -> pct stop 950; stopped CT -> success, no command', async () => {
  const facts = factsFrom({ '950': { status: 'running' } });
  const ctx = recorder(facts);
  await lxcStop.apply(ctx, { vmid: '950' });
  assert.equal(ctx.calls, [['pct', 'stop', '950']]);
  assert.is(lxcStop.check(facts, { vmid: '950' }).kind, 'none');
});

test('PHX-LXC-06 delete: running CT is stopped, then destroyed; absent -> nothing', async () => {
  const facts = factsFrom({ '950': { status: 'running' } });
  const ctx = recorder(facts);
  assert.is(lxcDelete.check(facts, { vmid: '950' }).kind, 'delete');
  await lxcDelete.apply(ctx, { vmid: '950' });
  assert.equal(ctx.calls, [['pct', 'stop', '950'], ['pct', 'destroy', '950', '--purge', '1']]);
  assert.is(lxcDelete.check(facts, { vmid: '950' }).kind, 'none');
});

test('PHX-VM-04 start: qm start 1000', async () => {
  const facts = factsFrom({ '1000': { type: 'qemu', status: 'stopped' } });
  const ctx = recorder(facts);
  await vmStart.apply(ctx, { vmid: '1000' });
  assert.equal(ctx.calls, [['qm', 'start', '1000']]);
});

test('a VM template is never started', () => {
  const facts = factsFrom({ '9000': { type: 'qemu', status: 'stopped', template: true } });
  assert.equal(vmStart.check(facts, { vmid: '9000' }), { kind: 'none', detail: 'template: never started' });
});

test('PHX-VM-05 stop: qm stop 1000; already stopped -> nothing', async () => {
  const facts = factsFrom({ '1000': { type: 'qemu', status: 'running' } });
  const ctx = recorder(facts);
  await vmStop.apply(ctx, { vmid: '1000' });
  assert.equal(ctx.calls, [['qm', 'stop', '1000']]);
  assert.is(vmStop.check(facts, { vmid: '1000' }).kind, 'none');
});

test('PHX-VM-06 delete: running VM stopped then destroyed', async () => {
  const facts = factsFrom({ '1000': { type: 'qemu', status: 'running' } });
  const ctx = recorder(facts);
  await vmDelete.apply(ctx, { vmid: '1000' });
  assert.equal(ctx.calls, [['qm', 'stop', '1000'], ['qm', 'destroy', '1000', '--purge', '1']]);
});

test('template snapshot: taken when absent, never again', async () => {
  const facts = factsFrom({ '900': { status: 'running' } });
  const ctx = recorder(facts);
  assert.is(lxcSnapshot.check(facts, { vmid: '900', name: 'final-form' }).kind, 'create');
  await lxcSnapshot.apply(ctx, { vmid: '900', name: 'final-form' });
  assert.equal(ctx.calls, [['pct', 'snapshot', '900', 'final-form']]);
  assert.is(lxcSnapshot.check(facts, { vmid: '900', name: 'final-form' }).kind, 'none');
});

test.run();
