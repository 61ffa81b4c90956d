// host.test: a hypervisor test script fed on stdin (checked against its planned sha256) to its interpreter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostTest, interpreterOf } from '../../src/tasks/host-test.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';

const SHA = 'a'.repeat(64);
const p = { suite: 'system_validation', name: 'Validate', script: 'tests/validate.sh', sha256: SHA, interpreter: '/bin/bash' };

test('the script goes on stdin as a file part to the interpreter the params name', () => {
  const plan = planOf(hostTest, factsFrom({}), p);
  assert.is(plan.change.kind, 'run');
  assert.equal(argvs(plan), [['/bin/bash', '-s']]);
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

test.run();
