import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { probeTask, type ProbeParams } from '../../src/tasks/health.js';
import { factsFrom, recorder } from '../helpers/facts.js';

const health = probeTask('lxc', 'health');
const p: ProbeParams = { vmid: '103', kind: 'lxc', name: 'check_step_ca.sh', argv: ['/usr/bin/check', 'a b; rm -rf /'], retries: 2, intervalS: 0, onlyAfterChange: true };

test('health check runs as argv inside the guest: no eval, no shell, the hostile argument stays one element', async () => {
  const facts = factsFrom({ '103': { status: 'running' } });
  const ctx = recorder(facts);
  assert.is(health.check(facts, p, { changedBefore: true, check: false }).kind, 'run');
  await health.apply(ctx, p);
  assert.equal(ctx.calls, [['pct', 'exec', '103', '--', '/usr/bin/check', 'a b; rm -rf /']]);
});

test('in a converge, an unchanged guest is not re-checked (no command)', () => {
  const facts = factsFrom({ '103': { status: 'running' } });
  assert.is(health.check(facts, p, { changedBefore: false, check: false }).kind, 'none');
});

test('bounded retries, then a failure naming the check and the exit', async () => {
  const facts = factsFrom({ '103': { status: 'running' } });
  const ctx = recorder(facts, { 'pct exec 103': { code: 3, stderr: 'not ready' } });
  try {
    await health.apply(ctx, p);
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /health check_step_ca\.sh failed in CT 103 after 2 attempt\(s\): exit 3: not ready/);
  }
  assert.is(ctx.calls.length, 2);
});

test.run();
