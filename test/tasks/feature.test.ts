import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { featureTask, type FeatureParams } from '../../src/tasks/feature.js';
import { boundedArgv, innerArgv, INTERRUPT } from '../../src/tasks/bounded-exec.js';
import { WRITE_STDIN_TO } from '../../src/tasks/guest-exec.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';
import { sendPlan } from './send-plan.js';

const lxcFeature = featureTask('lxc');
const vmFeature = featureTask('vm');
const hash = 'abcdef0123456789'.repeat(4);
const p: FeatureParams = { vmid: '950', kind: 'lxc', name: 'base_setup', script: '/s/features/base_setup.sh', sha256: hash };
const dest = '/var/lib/phoenix/features/base_setup.sh';

test('not applied: pushed over stdin, run in the guest (bounded), recorded as a tag — all planned up front', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix' } } });
  const plan = planOf(lxcFeature, facts, p);
  assert.equal(plan.change, { kind: 'run', detail: 'run base_setup' });
  assert.equal(argvs(plan), [
    ['pct', 'exec', '950', '--', '/bin/sh', '-c', WRITE_STDIN_TO, 'phoenix-push', dest],
    ['pct', 'exec', '950', '--', ...boundedArgv('feature base_setup', 1800, [dest])],
    ['pct', 'set', '950', '--tags', 'phoenix;phx-f-abcdef01-base_setup'],
  ]);
  assert.equal(innerArgv(plan.commands[1]!.argv), [dest]);
  assert.equal(plan.commands[0]!.stdin, [{ file: '/s/features/base_setup.sh', sha256: hash }]);
  assert.is(plan.commands[1]!.log, 'running base_setup in CT 950');
  assert.is(plan.commands[1]!.what, 'feature base_setup in CT 950');
  // what the re-read shows after the tags were set: nothing more to do
  const after = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix;phx-f-abcdef01-base_setup' } } });
  assert.is(planOf(lxcFeature, after, p).change.kind, 'none');
});

test('inherited from the template (the clone carries its tags): no command', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix;phx-f-abcdef01-base_setup' } } });
  assert.equal(planOf(lxcFeature, facts, p), { change: { kind: 'none', detail: 'applied (abcdef01)' }, commands: [] });
});

test('script changed: runs again and the record is replaced, not duplicated; the owner tag is kept (the runner adopts after planning)', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phx-f-11111111-base_setup;phx-f-22222222-other' } } });
  const plan = planOf(lxcFeature, facts, p);
  assert.is(plan.change.kind, 'run');
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /script changed \(11111111 -> abcdef01\)/);
  assert.equal(argvs(plan)[2], ['pct', 'set', '950', '--tags', 'phoenix;phx-f-22222222-other;phx-f-abcdef01-base_setup']);
});

test('VM: through the guest agent with --pass-stdin, judged by the agent\'s exit code; qm waits past the script\'s bound', () => {
  const facts = factsFrom({ '1001': { type: 'qemu', status: 'running' } });
  const plan = planOf(vmFeature, facts, { ...p, vmid: '1001', kind: 'vm', timeoutS: 600 });
  assert.equal(argvs(plan), [
    ['qm', 'guest', 'exec', '1001', '--timeout', '1800', '--pass-stdin', '1', '--', '/bin/sh', '-c', WRITE_STDIN_TO, 'phoenix-push', dest],
    ['qm', 'guest', 'exec', '1001', '--timeout', '630', '--', ...boundedArgv('feature base_setup', 600, [dest])],
    ['qm', 'set', '1001', '--tags', 'phoenix;phx-f-abcdef01-base_setup'],
  ]);
  assert.equal(plan.commands.map((c) => c.judge), ['agent', 'agent', undefined]);
  assert.equal(plan.commands[1]!.interrupt?.argv, ['qm', 'guest', 'exec', '1001', '--timeout', '20', '--', '/bin/sh', '-c', INTERRUPT, 'phoenix-interrupt', 'feature base_setup']);
});

test('every run of a feature is bounded: the default 30 min, the configured bound when given; the node waits longer', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix' } } });
  const run = (q: FeatureParams) => planOf(lxcFeature, facts, q).commands[1]!;
  assert.equal(run(p).argv.slice(4, 10), ['/bin/sh', '-c', run(p).argv[6]!, 'phoenix-run', 'feature base_setup', '1800']);
  assert.is(run({ ...p, timeoutS: 90 }).argv[9], '90');
  // the connection's own timeout is a last resort behind the wrapper's bound and qm's wait
  assert.ok(run({ ...p, timeoutS: 90 }).timeoutMs! > 90_000 + 5000);
  assert.equal(run(p).interrupt?.argv, ['pct', 'exec', '950', '--', '/bin/sh', '-c', INTERRUPT, 'phoenix-interrupt', 'feature base_setup']);
});

test('VM: a failing script (qm exits 0, the agent says 2) fails the task and records nothing', async () => {
  const facts = factsFrom({ '1001': { type: 'qemu', status: 'running' } });
  const plan = planOf(vmFeature, facts, { ...p, vmid: '1001', kind: 'vm' });
  const ok = JSON.stringify({ exitcode: 0, exited: 1 });
  const bad = JSON.stringify({ exitcode: 2, exited: 1, 'err-data': 'boom' });
  const r = await sendPlan(plan, { 'qm guest exec 1001 --timeout 1800 --pass-stdin': { code: 0, stdout: ok }, 'qm guest exec 1001 --timeout 1830 --': { code: 0, stdout: bad } });
  assert.match(r.error?.message ?? '', /feature base_setup in VM 1001 failed on pve \(exit 2\): boom/);
  assert.is(r.sent.length, 2);
  assert.ok(!r.sent.some((c) => c.includes('--tags')));
});

test('absent guest: refused, naming it', () => {
  assert.throws(() => planOf(lxcFeature, factsFrom({}), p), /CT 950 does not exist on pve/);
});

test.run();
