// vm.agent: a probe; staged (ping, then exec), each stage retried for its own time budget.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { vmAgent } from '../../../src/tasks/vm/agent.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

const facts = factsFrom({ '1001': { type: 'qemu', status: 'running' } });
const p = { vmid: '1001', pingTimeoutS: 300, execTimeoutS: 120, intervalMs: 2000 };

test('VM unchanged in this run: not awaited, no command', () => {
  const plan = planOf(vmAgent, facts, p, { changedBefore: false });
  assert.is(plan.change.kind, 'none');
  assert.equal(plan.commands, []);
});

test('after a change: ping until it answers, then exec judged by the guest\'s exit code; the failure names the stage', () => {
  const plan = planOf(vmAgent, facts, p, { changedBefore: true });
  assert.is(plan.change.kind, 'run');
  // the guest-agent exec carries its bound explicitly (qm's default is the same 30 s: qemu-server src/PVE/CLI/qm.pm exec)
  assert.equal(argvs(plan), [['qm', 'guest', 'cmd', '1001', 'ping'], ['qm', 'guest', 'exec', '1001', '--timeout', '30', '--', 'true']]);
  const [ping, exec] = plan.commands;
  assert.equal(ping!.retry, { forS: 300, intervalMs: 2000 });
  assert.equal(exec!.retry, { forS: 120, intervalMs: 2000 });
  assert.is(ping!.judge, undefined);
  assert.is(exec!.judge, 'agent');
  assert.match(ping!.what ?? '', /stage 'ping'/);
  assert.match(exec!.what ?? '', /stage 'exec'/);
});

test('a probe: changes nothing, re-reads nothing, needs no ownership', () => {
  assert.is(vmAgent.mutates, false);
  assert.is(vmAgent.reread, 'none');
  assert.is(vmAgent.owned, false);
});

test('absent VM: refused, naming it', () => {
  assert.throws(() => planOf(vmAgent, factsFrom({}), p, { changedBefore: true }), /VM 1001 does not exist on pve/);
});

test.run();
