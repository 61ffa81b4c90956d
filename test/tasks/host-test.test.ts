// host.test: a hypervisor test script fed on stdin (checked against its planned sha256) to its interpreter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { HOST_BOUNDED, hostTest, interpreterOf } from '../../src/tasks/host-test.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';

const SHA = 'a'.repeat(64);
const p = { suite: 'system_validation', name: 'Validate', script: 'tests/validate.sh', sha256: SHA, interpreter: '/bin/bash' };

test('the script goes on stdin as a file part to the interpreter the params name, bounded (default 5 min)', () => {
  const plan = planOf(hostTest, factsFrom({}), p);
  assert.is(plan.change.kind, 'run');
  assert.equal(argvs(plan), [['/bin/sh', '-c', HOST_BOUNDED, 'phoenix-test', 'test system_validation/Validate', '300', '/bin/bash', '-s']]);
  assert.is(planOf(hostTest, factsFrom({}), { ...p, timeoutS: 12 }).commands[0]!.argv[5], '12');
  assert.equal(plan.commands[0]!.stdin, [{ file: 'tests/validate.sh', sha256: SHA }]);
  assert.match(plan.commands[0]!.what ?? '', /test system_validation\/Validate/);
});

test('a probe on the host: no guest, nothing re-read', () => {
  assert.is(hostTest.mutates, false);
  assert.is(hostTest.reread, 'none');
  assert.is(hostTest.owned, false);
  assert.equal(hostTest.guests(p), []);
});

test('interpreterOf: the shebang\'s program; env skips its options; none -> /bin/sh', () => {
  assert.is(interpreterOf('#!/bin/bash\necho'), '/bin/bash');
  assert.is(interpreterOf('#! /bin/bash -e\n'), '/bin/bash');
  assert.is(interpreterOf('#!/usr/bin/env python3\n'), 'python3');
  assert.is(interpreterOf('#!/usr/bin/env -S bash -eu\n'), 'bash');
  assert.is(interpreterOf('echo no shebang\n'), '/bin/sh');
  assert.is(interpreterOf(''), '/bin/sh');
  assert.is(interpreterOf('#!\n'), '/bin/sh');
});

test('HOST_BOUNDED (run here by sh): stdin reaches the interpreter; at the bound the test and its children end, the failure says so', () => {
  const ok = spawnSync('/bin/sh', ['-c', HOST_BOUNDED, 'phoenix-test', 'test s/ok', '5', '/bin/sh', '-s'], { input: 'echo "from stdin $((1+2))"; exit 4\n', encoding: 'utf8' });
  assert.equal([ok.status, ok.stdout], [4, 'from stdin 3\n']);
  const marker = `phoenix-host-test-${process.pid}`;
  const t0 = Date.now();
  const slow = spawnSync('/bin/sh', ['-c', HOST_BOUNDED, 'phoenix-test', 'test s/slow', '1', '/bin/sh', '-s'], { input: `sh -c 'sleep 1000; : ${marker}' & sleep 1000\n`, encoding: 'utf8' });
  assert.is(slow.status, 124);
  assert.match(slow.stderr, /phoenix: test s\/slow timed out after 1s; its processes were ended/);
  assert.ok(Date.now() - t0 < 20_000, 'ended at its bound, not after sleep 1000');
  const left = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' });
  assert.is(left.stdout.trim(), '', 'the test\'s background child was ended too');
});

test.run();
