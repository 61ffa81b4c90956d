import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WRITE_STDIN_TO } from '../../src/tasks/guest-exec.js';
import { probeTask, type ProbeParams } from '../../src/tasks/health.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';
import { sendPlan } from './send-plan.js';

const health = probeTask('lxc', 'health');
const p: ProbeParams = { vmid: '103', kind: 'lxc', name: 'check_step_ca.sh', argv: ['/usr/bin/check', 'a b; rm -rf /'], retries: 2, intervalS: 0, onlyAfterChange: true };

test('the definition: a probe (mutates nothing, re-reads nothing, needs no ownership)', () => {
  assert.is(health.name, 'lxc.health');
  assert.is(probeTask('vm', 'test').name, 'vm.test');
  assert.equal([health.mutates, health.reread, health.owned, health.reconfigure], [false, 'none', false, false]);
});

test('health check runs as argv inside the guest: no eval, no shell, the hostile argument stays one element', () => {
  const facts = factsFrom({ '103': { status: 'running' } });
  const plan = planOf(health, facts, p, { changedBefore: true });
  assert.equal(plan.change, { kind: 'run', detail: 'health check_step_ca.sh' });
  assert.equal(argvs(plan), [['pct', 'exec', '103', '--', '/usr/bin/check', 'a b; rm -rf /']]);
});

test('in a converge, an unchanged guest is not re-checked (no command)', () => {
  const facts = factsFrom({ '103': { status: 'running' } });
  assert.equal(planOf(health, facts, p, { changedBefore: false }), { change: { kind: 'none', detail: 'guest unchanged: not re-checked' }, commands: [] });
});

test('a stopped guest: refused, naming the check', () => {
  assert.throws(() => planOf(health, factsFrom({ '103': { status: 'stopped' } }), p, { changedBefore: true }), /CT 103 is stopped: cannot run health check_step_ca\.sh/);
});

test('bounded retries, planned on the command', () => {
  const plan = planOf(health, factsFrom({ '103': { status: 'running' } }), { ...p, retries: 5, intervalS: 10 }, { changedBefore: true });
  assert.equal(plan.commands[0]!.retry, { attempts: 5, intervalMs: 10_000 });
  assert.is(plan.commands[0]!.timeoutMs, 10 * 60_000);
});

test('bounded retries, then a failure naming the check and the exit', async () => {
  const plan = planOf(health, factsFrom({ '103': { status: 'running' } }), p, { changedBefore: true });
  const r = await sendPlan(plan, { 'pct exec 103': { code: 3, stderr: 'not ready' } });
  assert.match(r.error?.message ?? '', /health check_step_ca\.sh in CT 103 \(2 attempts\) failed on pve \(exit 3\): not ready/);
  assert.is(r.sent.length, 2);
});

test('a script check: pushed first (file on stdin), then run in place of argv[0]; a VM through the agent', () => {
  const script = { path: 'health/check.sh', sha256: 'f'.repeat(64), dest: '/var/lib/phoenix/health/check.sh' };
  const plan = planOf(probeTask('vm', 'test'), factsFrom({ '1001': { type: 'qemu', status: 'running' } }), { ...p, vmid: '1001', kind: 'vm', argv: ['check.sh', '--quick'], script, onlyAfterChange: false });
  assert.equal(argvs(plan), [
    ['qm', 'guest', 'exec', '1001', '--timeout', '1800', '--pass-stdin', '1', '--', '/bin/sh', '-c', WRITE_STDIN_TO, 'phoenix-push', script.dest],
    ['qm', 'guest', 'exec', '1001', '--timeout', '1800', '--', script.dest, '--quick'],
  ]);
  assert.equal(plan.commands[0]!.stdin, [{ file: 'health/check.sh', sha256: script.sha256 }]);
  assert.equal(plan.commands.map((c) => c.judge), ['agent', 'agent']);
  assert.is(plan.commands[1]!.what, 'test check_step_ca.sh in VM 1001 (2 attempts)');
});

test.run();
