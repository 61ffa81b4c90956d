// Health checks and test suites: argv in the guest (never eval), bounded retries, each attempt bounded in time; in a
// converge the health check keeps a record of its pass in the guest's tags, so one that failed runs again (and fails
// the guest again) on every later converge until it passes — facts in, commands out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { boundedArgv, innerArgv } from '../../src/tasks/bounded-exec.js';
import { WRITE_STDIN_TO } from '../../src/tasks/guest-exec.js';
import { probeTask, type ProbeParams } from '../../src/tasks/health.js';
import { checkHash, healthTag } from '../../src/tasks/health-record.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';
import { sendPlan } from './send-plan.js';

const health = probeTask('lxc', 'health');
const suite = probeTask('lxc', 'test');
const p: ProbeParams = { vmid: '103', kind: 'lxc', name: 'check_step_ca.sh', argv: ['/usr/bin/check', 'a b; rm -rf /'], retries: 2, intervalS: 0, onlyAfterChange: true };
const hash = checkHash(p.argv, undefined);
const passed = `phoenix;${healthTag(hash, '103')}`;
const running = (tags = 'phoenix') => factsFrom({ '103': { status: 'running', config: { tags } } });
/** The tags the plan's `pct set --tags` commands write, in order. */
const tagWrites = (argv: string[][]): string[] => argv.filter((a) => a[3] === '--tags').map((a) => a[4]!);

test('the definitions: a probe; the converge\'s health check records its pass (acts on a guest Phoenix owns, re-reads it), a test does not', () => {
  assert.is(health.name, 'lxc.health');
  assert.is(probeTask('vm', 'test').name, 'vm.test');
  assert.equal([health.mutates, health.reread, health.owned, health.reconfigure], [false, 'guest', true, false]);
  assert.equal([suite.mutates, suite.reread, suite.owned, suite.reconfigure], [false, 'none', false, false]);
});

test('health check runs as argv inside the guest, under the bounded wrapper: no eval, no shell, the hostile argument stays one element', () => {
  const plan = planOf(health, running(), p, { changedBefore: true });
  assert.equal(plan.change, { kind: 'run', detail: 'health check_step_ca.sh' });
  assert.equal(argvs(plan)[0], ['pct', 'exec', '103', '--', ...boundedArgv('health check_step_ca.sh', 300, ['/usr/bin/check', 'a b; rm -rf /'])]);
  assert.equal(innerArgv(plan.commands[0]!.argv), ['/usr/bin/check', 'a b; rm -rf /']);
});

test('a pass is recorded after the check, naming the check and the guest; the other tags are kept', () => {
  const plan = planOf(health, running('phoenix;phx-f-11111111-base'), p, { changedBefore: true });
  assert.equal(tagWrites(argvs(plan)), [`phoenix;phx-f-11111111-base;${healthTag(hash, '103')}`]);
  assert.equal(argvs(plan).at(-1)?.slice(0, 4), ['pct', 'set', '103', '--tags']);
  assert.ok(innerArgv(argvs(plan).at(-2)!), 'the record comes after the check');
});

test('converge, guest unchanged, its pass recorded: not re-checked (no command)', () => {
  assert.equal(planOf(health, running(passed), p, { changedBefore: false }), { change: { kind: 'none', detail: `guest unchanged, passed before (${hash}): not re-checked` }, commands: [] });
});

test('converge, guest unchanged, but no pass recorded (the check failed last run): it runs again', () => {
  const plan = planOf(health, running(), p, { changedBefore: false });
  assert.equal(plan.change, { kind: 'run', detail: 'health check_step_ca.sh: no passing record (it failed or never ran)' });
  assert.equal(innerArgv(argvs(plan)[0]!), p.argv);
  // a record of the source (inherited by a clone) vouches for nothing here
  assert.is(planOf(health, running(`phoenix;${healthTag(hash, '911')}`), p, { changedBefore: false }).change.kind, 'run');
  // the check changed since it passed: runs again
  const changed = planOf(health, running(passed), { ...p, argv: ['/usr/bin/check', '--deep'] }, { changedBefore: false });
  assert.match(changed.change.kind !== 'none' ? changed.change.detail : '', /the check changed/);
});

test('re-checked after a change: the old pass is removed first, so a failing check leaves no record behind', async () => {
  const plan = planOf(health, running(`${passed};phx-f-11111111-base`), p, { changedBefore: true });
  assert.equal(tagWrites(argvs(plan)), ['phoenix;phx-f-11111111-base', `phoenix;phx-f-11111111-base;${healthTag(hash, '103')}`]);
  assert.ok(innerArgv(argvs(plan)[1]!), 'removed before the check runs');
  const r = await sendPlan(plan, { 'pct exec 103 -- /bin/sh -c l=$1': { code: 3, stderr: 'not ready' } });
  assert.ok(r.error);
  assert.equal(tagWrites(r.sent), ['phoenix;phx-f-11111111-base'], 'only the removal was sent');
});

test('the test verb\'s probes write no record and need none', () => {
  const plan = planOf(suite, running(), { ...p, onlyAfterChange: false });
  assert.equal(argvs(plan).map((a) => a[1]), ['exec']);
  assert.equal(tagWrites(argvs(plan)), []);
  assert.equal(planOf(suite, running(), p, { changedBefore: false }), { change: { kind: 'none', detail: 'guest unchanged: not re-checked' }, commands: [] });
});

test('a stopped guest: refused, naming the check', () => {
  assert.throws(() => planOf(health, factsFrom({ '103': { status: 'stopped' } }), p, { changedBefore: true }), /CT 103 is stopped: cannot run health check_step_ca\.sh/);
});

test('bounded retries and a bounded attempt (default 5 min, or the configured one), planned on the command', () => {
  const plan = planOf(health, running(), { ...p, retries: 5, intervalS: 10 }, { changedBefore: true });
  assert.equal(plan.commands[0]!.retry, { attempts: 5, intervalMs: 10_000 });
  assert.is(plan.commands[0]!.argv.at(-3), '300');
  assert.is(planOf(health, running(), { ...p, timeoutS: 7 }, { changedBefore: true }).commands[0]!.argv.at(-3), '7');
  assert.is(planOf(suite, running(), { ...p, onlyAfterChange: false }).commands[0]!.argv.at(-3), '300');
});

test('bounded retries, then a failure naming the check and the exit', async () => {
  const plan = planOf(health, running(), p, { changedBefore: true });
  const r = await sendPlan(plan, { 'pct exec 103': { code: 3, stderr: 'not ready' } });
  assert.match(r.error?.message ?? '', /health check_step_ca\.sh in CT 103 \(2 attempts\) failed on pve \(exit 3\): not ready/);
  assert.is(r.sent.length, 2);
  assert.equal(tagWrites(r.sent), []);
});

test('a timed-out attempt is final: not tried again, the failure says so', async () => {
  const plan = planOf(health, running(), { ...p, retries: 3, timeoutS: 2 }, { changedBefore: true });
  const r = await sendPlan(plan, { 'pct exec 103': { code: 124, stderr: 'phoenix: health check_step_ca.sh timed out after 2s; its processes in the guest were ended' } });
  assert.match(r.error?.message ?? '', /timed out after 2s/);
  assert.is(r.sent.length, 1);
});

test('a script check: pushed first (file on stdin), then run in place of argv[0]; a VM through the agent', () => {
  const script = { path: 'health/check.sh', sha256: 'f'.repeat(64), dest: '/var/lib/phoenix/health/check.sh' };
  const plan = planOf(probeTask('vm', 'test'), factsFrom({ '1001': { type: 'qemu', status: 'running' } }), { ...p, vmid: '1001', kind: 'vm', argv: ['check.sh', '--quick'], script, onlyAfterChange: false });
  assert.equal(argvs(plan), [
    ['qm', 'guest', 'exec', '1001', '--timeout', '1800', '--pass-stdin', '1', '--', '/bin/sh', '-c', WRITE_STDIN_TO, 'phoenix-push', script.dest],
    ['qm', 'guest', 'exec', '1001', '--timeout', '330', '--', ...boundedArgv('test check_step_ca.sh', 300, [script.dest, '--quick'])],
  ]);
  assert.equal(plan.commands[0]!.stdin, [{ file: 'health/check.sh', sha256: script.sha256 }]);
  assert.equal(plan.commands.map((c) => c.judge), ['agent', 'agent']);
  assert.is(plan.commands[1]!.what, 'test check_step_ca.sh in VM 1001 (2 attempts)');
  // the script's content is part of what the record names: a changed script is a changed check
  assert.not.equal(checkHash(['check.sh'], 'f'.repeat(64)), checkHash(['check.sh'], 'e'.repeat(64)));
});

test.run();
