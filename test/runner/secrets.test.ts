// maskDeep: every string of an event masked wherever it sits, the event itself left as it was (copy on write), and
// an event without a secret passed through untouched (no copy per event).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { maskDeep, registerSecret } from '../../src/runner/secrets.js';

test('a secret deep in an event is masked in a copy; the original and the parts without it are kept', () => {
  registerSecret('hunter2-long-secret');
  const event = { event: 'command', argv: ['sh', '-c', 'echo hunter2-long-secret'], diff: [{ key: 'x', to: { deep: 'pw=hunter2-long-secret' } }], clean: { a: 'b' } };
  const masked = maskDeep(event);
  assert.equal(masked.argv, ['sh', '-c', 'echo ********']);
  assert.is(masked.diff[0]!.to.deep, 'pw=********');
  assert.is(event.argv[2], 'echo hunter2-long-secret', 'the original is not changed');
  assert.is(masked.clean, event.clean, 'what holds no secret is not copied');
  const plain = { event: 'task_end', step: '900:lxc.start', detail: 'running' };
  assert.is(maskDeep(plain), plain);
});

test.run();
