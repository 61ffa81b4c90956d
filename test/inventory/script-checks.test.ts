// Every script a run could need is checked at load (issue 11 point 5): features, applications, health checks, guest
// test suites and the hypervisor's suites; missing, not a regular file or unreadable, each named with the file and
// JSON path of the reference.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.js';
import { guestEntries } from '../../src/inventory/guest-entries.js';
import { loadModel } from '../../src/inventory/load-model.js';
import { scriptProblems, type ScriptState } from '../../src/inventory/script-checks.js';
import { sampleHypervisor, sampleLxc, sampleVm, setAt, writeProject } from '../helpers/fixtures.js';

const L = 'phoenix_lxc_configs.json';
const V = 'phoenix_vm_configs.json';
const H = 'phoenix_hypervisor_config.json';

async function loadProblems(dir: string, opts: { checkAllScripts?: boolean } = {}): Promise<string[]> {
  try { await loadModel({ cwd: dir, ...opts }); } catch (e) { if (e instanceof ConfigError) return [...e.problems]; throw e; }
  return [];
}

/** Guests naming a script of every kind. */
function estate(): { lxc: ReturnType<typeof sampleLxc>; vm: ReturnType<typeof sampleVm>; hypervisor: Record<string, unknown> } {
  const lxc = sampleLxc();
  setAt(lxc, '/lxc_configs/950/health_check', { command: 'check_app.sh --port 80' });
  setAt(lxc, '/lxc_configs/950/tests', { integration: [{ name: 'It works', type: 'script', path: 'ct/works.sh' }] });
  const vm = sampleVm();
  setAt(vm, '/vms/1/features', ['base_setup']);
  setAt(vm, '/vms/1/health_check', { command: ['/usr/local/bin/vm_check.py', '-q'] });
  setAt(vm, '/vms/1/tests', { smoke: [{ name: 'Boots', path: 'vm/boots.sh' }] });
  const hypervisor = { ...sampleHypervisor(), tests: { 'host/suite': [{ name: 'ZFS', type: 'script', path: 'hypervisor/zfs.sh' }] } };
  return { lxc, vm, hypervisor };
}

test('every kind of script reference, missing: one line each with the file and JSON path of the reference', async () => {
  const p = writeProject({ ...estate(), scripts: { features: [], apps: [] } });
  const s = p.scriptsDir;
  try {
    assert.equal(await loadProblems(p.dir), [
      `${L}: /lxc_configs/900/features/0: script of feature 'base_setup': ${s}/features/base_setup.sh not found`,
      `${L}: /lxc_configs/950/application_script: application script: ${s}/apps/app950.sh not found`,
      `${L}: /lxc_configs/950/health_check/command: health check script: ${s}/health/check_app.sh not found (a health check command naming a script file runs the copy under scripts/health/; to run a file that is already in the guest, name its interpreter first (["/bin/sh", "/path/in/guest.sh"]))`,
      `${L}: /lxc_configs/950/tests/integration/0/path: script of test 'integration/It works': ${s}/tests/ct/works.sh not found`,
      `${V}: /vms/1/features/0: script of feature 'base_setup': ${s}/features/base_setup.sh not found`,
      `${V}: /vms/1/health_check/command/0: health check script: ${s}/health/vm_check.py not found (a health check command naming a script file runs the copy under scripts/health/; to run a file that is already in the guest, name its interpreter first (["/bin/sh", "/path/in/guest.sh"]))`,
      `${V}: /vms/1/tests/smoke/0/path: script of test 'smoke/Boots': ${s}/tests/vm/boots.sh not found`,
      `${H}: /tests/host~1suite/0/path: script of hypervisor test 'host/suite/ZFS': ${s}/tests/hypervisor/zfs.sh not found`,
    ]);
  } finally { p.cleanup(); }
});

const PRESENT = {
  'scripts/health/check_app.sh': '#!/bin/sh\n', 'scripts/tests/ct/works.sh': '#!/bin/sh\n', 'scripts/health/vm_check.py': '#!/usr/bin/env python3\n',
  'scripts/tests/vm/boots.sh': '#!/bin/sh\n', 'scripts/tests/hypervisor/zfs.sh': '#!/bin/sh\n',
};

test('present scripts pass; a directory or a dangling symbolic link in their place does not', async () => {
  const p = writeProject({ ...estate(), rawFiles: PRESENT });
  try { assert.equal(await loadProblems(p.dir), []); } finally { p.cleanup(); }

  const { lxc, vm, hypervisor } = estate();
  setAt(vm, '/vms/1/tests/smoke/0/path', 'vm/boots.d');
  setAt(hypervisor, '/tests/host~1suite/0/path', 'hypervisor/gone.sh');
  const q = writeProject({ lxc, vm, hypervisor, rawFiles: PRESENT });
  try {
    mkdirSync(join(q.scriptsDir, 'tests', 'vm', 'boots.d'));
    symlinkSync(join(q.scriptsDir, 'nowhere.sh'), join(q.scriptsDir, 'tests', 'hypervisor', 'gone.sh'));
    assert.equal(await loadProblems(q.dir), [
      `${V}: /vms/1/tests/smoke/0/path: script of test 'smoke/Boots': ${q.scriptsDir}/tests/vm/boots.d is not a regular file (a directory)`,
      `${H}: /tests/host~1suite/0/path: script of hypervisor test 'host/suite/ZFS': ${q.scriptsDir}/tests/hypervisor/gone.sh is a symbolic link to nothing`,
    ]);
  } finally { q.cleanup(); }
});

test('an unreadable script is named (the probe is injected: root reads everything)', () => {
  const entries = guestEntries(sampleLxc(), sampleVm(), { hypervisor: H, lxc: L, vm: V });
  const probe = (path: string): ScriptState => (path.endsWith('app950.sh') ? 'unreadable' : 'ok');
  assert.equal(scriptProblems(entries, '/s', probe), [`${L}: /lxc_configs/950/application_script: application script: /s/apps/app950.sh is not readable`]);
});

test('a health check that is a plain command names no script; a file of its name under health/ is one', () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/950/health_check', { command: 'curl -fs http://localhost/' });
  const entries = guestEntries(lxc, sampleVm(), { hypervisor: H, lxc: L, vm: V });
  assert.equal(scriptProblems(entries, '/s', (p) => (p === '/s/health/curl' ? 'missing' : 'ok')), []);
  assert.equal(scriptProblems(entries, '/s', (p) => (p === '/s/health/curl' ? { notFile: 'a directory' } : 'ok')), [
    `${L}: /lxc_configs/950/health_check/command: health check script: /s/health/curl is not a regular file (a directory)`,
  ]);
});

test('without a scripts key a run is not refused at load, but validate (checkAllScripts) checks <config dir>/scripts', async () => {
  const p = writeProject({ ...estate(), scripts: null });
  try {
    assert.equal(await loadProblems(p.dir), []);
    const lines = await loadProblems(p.dir, { checkAllScripts: true });
    assert.is(lines.length, 8, lines.join('\n'));
    assert.ok(lines.every((l) => l.includes(`${p.dir}/scripts/`)), lines.join('\n'));
  } finally { p.cleanup(); }
});

test.run();
