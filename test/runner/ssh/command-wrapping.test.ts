// How an exec's options become the argv that is quoted once for the node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signalExitCode, withEnv, withTimeout } from '../../../src/runner/ssh/remote-command.js';
import { connectFailureReason } from '../../../src/runner/ssh/connect-errors.js';
import { isRefusedOpen } from '../../../src/runner/ssh/run-on-channel.js';

test('env becomes an `env NAME=value` prefix; bad names are refused', () => {
  assert.equal(withEnv(['pct', 'list'], undefined), ['pct', 'list']);
  assert.equal(withEnv(['pct', 'list'], { LANG: 'C', X_1: "a b'c" }), ['env', 'LANG=C', "X_1=a b'c", 'pct', 'list']);
  assert.throws(() => withEnv(['true'], { 'A=B': 'x' }), /invalid environment variable name/);
  assert.throws(() => withEnv(['true'], { '1A': 'x' }), /invalid environment variable name/);
});

test('timeoutMs runs the argv under coreutils timeout with a KILL follow-up', () => {
  assert.equal(withTimeout(['qm', 'start', '900'], undefined), ['qm', 'start', '900']);
  assert.equal(withTimeout(['qm', 'start', '900'], 1500), ['timeout', '-k', '5s', '1.500s', 'qm', 'start', '900']);
  assert.throws(() => withTimeout(['true'], 0), /bad timeoutMs/);
  assert.throws(() => withTimeout(['true'], Number.NaN), /bad timeoutMs/);
});

test('a signal reads as 128 + its number', () => {
  assert.is(signalExitCode('KILL'), 137);
  assert.is(signalExitCode('SIGTERM'), 143);
  assert.is(signalExitCode('NOPE'), 255);
});

test('connect failures read as one reason each', () => {
  const target = { user: 'root', host: 'pve1', port: 22, auth: 'key /k', timeoutMs: 3000 };
  assert.is(connectFailureReason(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), target), 'connection refused by pve1:22');
  assert.is(connectFailureReason(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), target), 'cannot resolve host pve1');
  assert.is(connectFailureReason(Object.assign(new Error('x'), { level: 'client-timeout' }), target),
    'timed out after 3000 ms connecting to pve1:22');
  assert.is(connectFailureReason(Object.assign(new Error('x'), { level: 'client-authentication' }), target),
    'authentication failed for root@pve1:22 using key /k');
  assert.match(connectFailureReason(new Error('Cannot parse privateKey: Encrypted key'), target), /^cannot use key \/k: /);
  assert.is(connectFailureReason('weird', target), 'pve1:22: weird');
});

test('only a channel open the server refused (with a reason code) is retried', () => {
  const refused = Object.assign(new Error('(SSH) Channel open failure: open failed'), { reason: 2 });
  assert.ok(isRefusedOpen(refused));
  assert.not.ok(isRefusedOpen(Object.assign(new Error('(SSH) Channel open failure: server closed channel unexpectedly'), { reason: '' })));
  assert.not.ok(isRefusedOpen(new Error('No response from server')));
  assert.not.ok(isRefusedOpen({ message: '(SSH) Channel open failure: x', reason: 1 }));
});

test.run();
