import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { featureTask, type FeatureParams } from '../../src/tasks/feature.js';
import { factsFrom, recorder } from '../helpers/facts.js';

const lxcFeature = featureTask('lxc');
const vmFeature = featureTask('vm');
const hash = 'abcdef0123456789'.repeat(4);
const p: FeatureParams = { vmid: '950', kind: 'lxc', name: 'base_setup', script: '/s/features/base_setup.sh', sha256: hash };

test('not applied: pushed over stdin, run in the guest, recorded as a tag', async () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix' } } });
  const ctx = recorder(facts);
  assert.is(lxcFeature.check(facts, p).kind, 'run');
  await lxcFeature.apply(ctx, p);
  assert.equal(ctx.calls[0]!.slice(0, 6), ['pct', 'exec', '950', '--', '/bin/sh', '-c']);
  assert.equal(ctx.calls[0]!.slice(7), ['phoenix-push', '/var/lib/phoenix/features/base_setup.sh']);
  assert.equal(ctx.calls[1], ['pct', 'exec', '950', '--', '/var/lib/phoenix/features/base_setup.sh']);
  assert.equal(ctx.calls[2], ['pct', 'set', '950', '--tags', 'phoenix;phx-f-abcdef01-base_setup']);
  assert.is(lxcFeature.check(facts, p).kind, 'none');
});

test('inherited from the template (the clone carries its tags): no command', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix;phx-f-abcdef01-base_setup' } } });
  assert.is(lxcFeature.check(facts, p).kind, 'none');
});

test('script changed: runs again and the record is replaced, not duplicated', async () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phx-f-11111111-base_setup;phx-f-22222222-other' } } });
  const c = lxcFeature.check(facts, p);
  assert.is(c.kind, 'run');
  assert.match(c.kind !== 'none' ? c.detail : '', /script changed \(11111111 -> abcdef01\)/);
  const ctx = recorder(facts);
  await lxcFeature.apply(ctx, p);
  assert.equal(ctx.calls[2], ['pct', 'set', '950', '--tags', 'phx-f-22222222-other;phx-f-abcdef01-base_setup']);
});

test('VM: through the guest agent with --pass-stdin; a failing script fails the task and records nothing', async () => {
  const facts = factsFrom({ '1001': { type: 'qemu', status: 'running' } });
  const ok = JSON.stringify({ exitcode: 0, exited: 1 });
  const bad = JSON.stringify({ exitcode: 2, exited: 1, 'err-data': 'boom' });
  const ctx = recorder(facts, { 'qm guest exec 1001 --timeout 1800 --pass-stdin': { code: 0, stdout: ok }, 'qm guest exec 1001 --timeout 1800 --': { code: 0, stdout: bad } });
  try {
    await vmFeature.apply(ctx, { ...p, vmid: '1001', kind: 'vm' });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /feature base_setup failed in VM 1001 \(exit 2\): boom/);
  }
  assert.ok(!ctx.calls.some((c) => c.includes('--tags')));
});

test.run();
