// `script_timeouts`: the bounds of in-guest scripts come from the configuration (the file's top level, then the
// guest's own, key by key), else the defaults, and reach every feature / application / health / test step's params;
// the schemas refuse a bound that is not a positive number of seconds or a kind they do not know.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import { testSteps } from '../../src/compile/steps.js';
import { ConfigError } from '../../src/errors.js';
import { buildModel } from '../../src/inventory/build-model.js';
import { DEFAULT_TIMEOUT_S } from '../../src/tasks/bounded-exec.js';

const SHA = 'c'.repeat(64);
const ct = (extra: Record<string, unknown> = {}) => ({
  name: 'ct', memory_mb: 512, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 8,
  template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' },
  features: ['base'], application_script: 'app.sh', health_check: { command: ['/bin/true'] }, tests: { smoke: [{ name: 'one', path: 'one.sh' }] }, ...extra,
});
const vmDefaults = { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' };

function model(lxc: Record<string, unknown>, vm: Record<string, unknown> = { vm_defaults: vmDefaults, vms: [] }) {
  const m = buildModel({ hypervisor: {}, lxc, vm, scriptsDir: '/nowhere' });
  m.scriptFiles = Object.fromEntries(['features/base.sh', 'apps/app.sh', 'tests/one.sh'].map((rel) => [rel, { path: `/nowhere/${rel}`, sha256: SHA, firstLine: '#!/bin/sh' }]));
  return m;
}

/** timeoutS of each script step of a converge (and of the test verb), by task. */
function bounds(m: ReturnType<typeof model>, id: string): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const s of compile(m, 'create', { ids: [id] }).steps) {
    if (/\.(feature|app|health)$/.test(s.task)) out[s.task] = (s.params as { timeoutS?: number }).timeoutS;
  }
  for (const s of testSteps(m, m.guests.get(id)!, 'smoke')) out[s.task] = (s.params as { timeoutS?: number }).timeoutS;
  return out;
}

test('no script_timeouts: the defaults (features and application 30 min, health and tests 5 min) are in the plan', () => {
  assert.equal(DEFAULT_TIMEOUT_S, { features: 1800, application_script: 1800, health_check: 300, tests: 300 });
  assert.equal(bounds(model({ lxc_configs: { '950': ct() } }), '950'), { 'lxc.feature': 1800, 'lxc.app': 1800, 'lxc.health': 300, 'lxc.test': 300 });
});

test('the file\'s top level bounds every guest; a guest\'s own bound wins, key by key', () => {
  const m = model({
    script_timeouts: { features: 600, tests: 60 },
    lxc_configs: { '950': ct(), '951': ct({ script_timeouts: { features: 7200, health_check: 20 } }) },
  });
  assert.equal(bounds(m, '950'), { 'lxc.feature': 600, 'lxc.app': 1800, 'lxc.health': 300, 'lxc.test': 60 });
  assert.equal(bounds(m, '951'), { 'lxc.feature': 7200, 'lxc.app': 1800, 'lxc.health': 20, 'lxc.test': 60 });
});

test('VMs: the VM file\'s script_timeouts, then the VM\'s own', () => {
  const m = model({ lxc_configs: {} }, {
    vm_defaults: vmDefaults, script_timeouts: { features: 900 },
    vms: [{ vmid: 1000, name: 'vm', template_image: 'noble.img', features: ['base'], health_check: { command: ['/bin/true'] }, script_timeouts: { health_check: 45 } }],
  });
  const steps = compile(m, 'create', { ids: ['1000'] }).steps;
  const of = (task: string): unknown => (steps.find((s) => s.task === task)?.params as { timeoutS?: number } | undefined)?.timeoutS;
  assert.equal([of('vm.feature'), of('vm.health')], [900, 45]);
});

test('the schemas refuse a bound of 0, a fraction, a string or an unknown kind, with file and JSON path', () => {
  const problems = (lxc: Record<string, unknown>): string[] => {
    try { model(lxc); return []; } catch (e) { return e instanceof ConfigError ? [...e.problems] : [String(e)]; }
  };
  const bad = problems({ script_timeouts: { features: 0, health: 5 }, lxc_configs: { '950': ct({ script_timeouts: { tests: 1.5, application_script: '30m' } }) } });
  const text = bad.join('\n');
  assert.match(text, /phoenix_lxc_configs\.json: \/script_timeouts\/features: /);
  assert.match(text, /phoenix_lxc_configs\.json: \/script_timeouts\b.*health/);
  assert.match(text, /phoenix_lxc_configs\.json: \/lxc_configs\/950\/script_timeouts\/tests: /);
  assert.match(text, /phoenix_lxc_configs\.json: \/lxc_configs\/950\/script_timeouts\/application_script: /);
  assert.equal(problems({ script_timeouts: { features: 3600 }, lxc_configs: { '950': ct({ script_timeouts: { tests: 30 } }) } }), []);
});

test.run();
