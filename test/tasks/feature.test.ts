import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { featureTask, type FeatureParams } from '../../src/tasks/feature.js';
import { WRITE_STDIN_TO } from '../../src/tasks/guest-exec.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';
import { sendPlan } from './send-plan.js';

const lxcFeature = featureTask('lxc');
const vmFeature = featureTask('vm');
const hash = 'abcdef0123456789'.repeat(4);
const p: FeatureParams = { vmid: '950', kind: 'lxc', name: 'base_setup', script: '/s/features/base_setup.sh', sha256: hash };
const dest = '/var/lib/phoenix/features/base_setup.sh';

test('not applied: pushed over stdin, run in the guest, recorded as a tag — all planned up front', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix' } } });
  const plan = planOf(lxcFeature, facts, p);
  assert.equal(plan.change, { kind: 'run', detail: 'run base_setup' });
  assert.equal(argvs(plan), [
    ['pct', 'exec', '950', '--', '/bin/sh', '-c', WRITE_STDIN_TO, 'phoenix-push', dest],
    ['pct', 'exec', '950', '--', dest],
    ['pct', 'set', '950', '--tags', 'phoenix;phx-f-abcdef01-base_setup'],
  ]);
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

test('VM: through the guest agent with --pass-stdin, judged by the agent\'s exit code', () => {
  const facts = factsFrom({ '1001': { type: 'qemu', status: 'running' } });
  const plan = planOf(vmFeature, facts, { ...p, vmid: '1001', kind: 'vm' });
  assert.equal(argvs(plan), [
    ['qm', 'guest', 'exec', '1001', '--timeout', '1800', '--pass-stdin', '1', '--', '/bin/sh', '-c', WRITE_STDIN_TO, 'phoenix-push', dest],
    ['qm', 'guest', 'exec', '1001', '--timeout', '1800', '--', dest],
    ['qm', 'set', '1001', '--tags', 'phoenix;phx-f-abcdef01-base_setup'],
  ]);
  assert.equal(plan.commands.map((c) => c.judge), ['agent', 'agent', undefined]);
});

test('VM: a failing script (qm exits 0, the agent says 2) fails the task and records nothing', async () => {
  const facts = factsFrom({ '1001': { type: 'qemu', status: 'running' } });
  const plan = planOf(vmFeature, facts, { ...p, vmid: '1001', kind: 'vm' });
  const ok = JSON.stringify({ exitcode: 0, exited: 1 });
  const bad = JSON.stringify({ exitcode: 2, exited: 1, 'err-data': 'boom' });
  const r = await sendPlan(plan, { 'qm guest exec 1001 --timeout 1800 --pass-stdin': { code: 0, stdout: ok }, 'qm guest exec 1001 --timeout 1800 --': { code: 0, stdout: bad } });
  assert.match(r.error?.message ?? '', /feature base_setup in VM 1001 failed on pve \(exit 2\): boom/);
  assert.is(r.sent.length, 2);
  assert.ok(!r.sent.some((c) => c.includes('--tags')));
});

test('absent guest: refused, naming it', () => {
  assert.throws(() => planOf(lxcFeature, factsFrom({}), p), /CT 950 does not exist on pve/);
});

test.run();
