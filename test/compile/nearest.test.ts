import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { didYouMean, editDistance, nearest } from '../../src/compile/nearest.js';

test('edit distance counts insertions, deletions and substitutions, ignoring case', () => {
  assert.is(editDistance('creat', 'create'), 1);
  assert.is(editDistance('letsgo', 'LetsGo'), 0);
  assert.is(editDistance('stop', 'start'), 3);
});

test('nearest keeps only close candidates, nearest first', () => {
  assert.equal(nearest('creat', ['delete', 'create', 'restart']), ['create']);
  assert.equal(nearest('LetsGoo', ['setup', 'LetsGo']), ['LetsGo']);
  assert.equal(nearest('zzzz', ['create', 'delete']), []);
  assert.equal(nearest('951', ['950', '953', '960', '9000']), ['950', '953', '960']);
});

test('didYouMean phrases one or several', () => {
  assert.is(didYouMean('chek', ['check', 'json']), " (did you mean 'check'?)");
  assert.is(didYouMean('95', ['950', '951']), " (did you mean '950' or '951'?)");
  assert.is(didYouMean('qqqqqq', ['check']), '');
});

test.run();
