import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blockIsCurrent, blockLines, withBlock } from '../../../src/tasks/host/managed-block.js';

const F = '/etc/exports';

test('absent file: the block alone', () => {
  assert.is(withBlock(null, ['a', 'b'], F), '# BEGIN phoenix\na\nb\n# END phoenix\n');
});

test('user lines are kept; the block is appended after a blank line', () => {
  assert.is(withBlock('/srv x(ro)\n', ['a'], F), '/srv x(ro)\n\n# BEGIN phoenix\na\n# END phoenix\n');
});

test('replaced in place as a unit, not duplicated', () => {
  const text = 'top\n# BEGIN phoenix\nold1\nold2\n# END phoenix\nbottom\n';
  const next = withBlock(text, ['new'], F);
  assert.is(next, 'top\n# BEGIN phoenix\nnew\n# END phoenix\nbottom\n');
  assert.is(withBlock(next, ['new'], F), next);
  assert.ok(blockIsCurrent(next, ['new'], F));
  assert.not.ok(blockIsCurrent(text, ['new'], F));
});

test('two blocks from an earlier broken edit collapse into one', () => {
  const text = '# BEGIN phoenix\na\n# END phoenix\nmid\n# BEGIN phoenix\na\n# END phoenix\n';
  assert.not.ok(blockIsCurrent(text, ['a'], F));
  assert.is(withBlock(text, ['a'], F), '# BEGIN phoenix\na\n# END phoenix\nmid\n');
});

test('empty desired lines remove the block and its markers', () => {
  const text = 'keep\n\n# BEGIN phoenix\nx\n# END phoenix\n';
  assert.is(withBlock(text, [], F), 'keep\n');
  assert.not.ok(blockIsCurrent(text, [], F));
  assert.ok(blockIsCurrent('keep', [], F));
  assert.ok(blockIsCurrent(null, [], F));
  assert.is(blockLines('keep\n'), null);
});

test('an unterminated block is refused rather than guessed', () => {
  assert.throws(() => withBlock('# BEGIN phoenix\nx\nuser line\n', ['y'], F), /without '# END phoenix'/);
  assert.throws(() => blockIsCurrent('x\n# END phoenix\n', [], F), /without '# BEGIN phoenix'/);
});

test.run();
