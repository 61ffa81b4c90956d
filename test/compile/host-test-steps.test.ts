// test <node>: the hypervisor's test suites become host.test steps whose params name the interpreter from the
// script's shebang (read with its hash when the configuration loads: neither the compiler nor the plan reads files).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostTestSteps } from '../../src/compile/steps.js';
import { PlanError } from '../../src/errors.js';
import { makeModel } from '../helpers/model.js';

function modelWith(scripts: Record<string, string>) {
  const model = makeModel({});
  model.scriptsDir = '/nowhere/scripts';
  model.scriptFiles = {};
  for (const [rel, text] of Object.entries(scripts)) {
    model.scriptFiles[rel] = { path: `/nowhere/scripts/${rel}`, sha256: 'b'.repeat(64), firstLine: text.split('\n', 1)[0] ?? '' };
  }
  model.hypervisor.tests = { sys: [{ name: 'Bash', path: 'a.sh' }, { name: 'Py', path: 'b.py' }, { name: 'Plain', path: 'c.sh' }] };
  return model;
}

test('each case is one host.test step on the node; the interpreter comes from its shebang', () => {
  const model = modelWith({ 'tests/a.sh': '#!/bin/bash\nexit 0\n', 'tests/b.py': '#!/usr/bin/env python3\n', 'tests/c.sh': 'exit 0\n' });
  const steps = hostTestSteps(model, 'pve', undefined);
  assert.equal(steps.map((s) => [s.id, s.task, s.node]), [
    ['pve:host.test:sys/a.sh', 'host.test', 'pve'], ['pve:host.test:sys/b.py', 'host.test', 'pve'], ['pve:host.test:sys/c.sh', 'host.test', 'pve'],
  ]);
  assert.equal(steps.map((s) => (s.task === 'host.test' ? s.params.interpreter : '')), ['/bin/bash', 'python3', '/bin/sh']);
  assert.equal(steps[0]!.params, { suite: 'sys', name: 'Bash', script: 'tests/a.sh', sha256: 'b'.repeat(64), interpreter: '/bin/bash', timeoutS: 300 });
});

test('the bound of each test: the hypervisor config\'s script_timeouts.tests, else 5 min', () => {
  const model = modelWith({ 'tests/a.sh': '#!/bin/sh\n', 'tests/b.py': '#!/bin/sh\n', 'tests/c.sh': '#!/bin/sh\n' });
  model.hypervisor['script_timeouts'] = { tests: 42 };
  assert.equal(hostTestSteps(model, 'pve', undefined).map((s) => (s.task === 'host.test' ? s.params.timeoutS : undefined)), [42, 42, 42]);
});

test('a missing script or an unknown suite: refused, naming it', () => {
  const model = modelWith({ 'tests/a.sh': '#!/bin/sh\n' });
  assert.throws(() => hostTestSteps(model, 'pve', undefined), (e: unknown) => e instanceof PlanError && /sys\/Py: script .*tests\/b\.py not found/.test(e.message));
  assert.throws(() => hostTestSteps(modelWith({}), 'pve', 'nope'), /no hypervisor test suite named 'nope'/);
});

test.run();
