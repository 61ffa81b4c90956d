// The seed's remaining spec cases by ID, on the simulator: PHOENIX-DIS-04/10, PHX-LXC-01/07, PHX-VM-01/02/03,
// PHX-HM-01..04; and DESIGN §8's lessons not covered elsewhere (dry-run contacts nothing).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/compile/plan.js';
import { unwrapBounded } from '../helpers/bounded.js';
import { argvs, ct, makeEstate, MARKER_FEATURE, mutating, type Estate } from '../helpers/estate.js';
import { simNodeConfig } from '../helpers/sim.js';

const SUITE = '#!/bin/sh\necho "suite $(basename "$0") $*" >> /var/lib/phoenix-suite.log\n';
let e: Estate;
test.before(() => {
  e = makeEstate({
    hypervisor: { domain_name: 'example.test', tests: { smoke: [{ name: 'Smoke', type: 'script', path: 'hypervisor/smoke.sh' }], full: [{ name: 'Full', type: 'script', path: 'hypervisor/full.sh' }] } },
    lxc: { lxc_configs: {
      '900': ct('900', { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', template_snapshot_name: 'final-form', features: ['base_setup'], boot_order: 0 }),
      '950': ct('950', { clone_from_ctid: '900', boot_order: 3, dependencies: ['953'], tests: { integration: [{ name: 'It works', type: 'script', path: 'ct/check.sh' }] } }),
      '953': ct('953', { clone_from_ctid: '900', boot_order: 1 }),
    } },
    vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [
      { vmid: 9000, name: 'tpl', is_template: true, template_image: 'cloud.img', network_config: { ip: 'dhcp' } },
      { vmid: 1000, name: 'app', clone_from_vmid: 9000, boot_order: 2, features: ['base_setup'], network_config: { ip: '10.0.0.100/24', gw: '10.0.0.1' } },
    ] },
    scripts: { features: [] },
    rawFiles: {
      'scripts/features/base_setup.sh': MARKER_FEATURE, 'images/cloud.img': 'fake\n',
      'scripts/tests/hypervisor/smoke.sh': '#!/bin/sh\necho smoke-ok\n', 'scripts/tests/hypervisor/full.sh': '#!/bin/sh\nexit 3\n',
      'scripts/tests/ct/check.sh': SUITE,
    },
    inventory: { defaultNode: 'pve', nodes: { pve: { ...simNodeConfig('./.phoenix/sim/pve'), imageDir: './images' } } },
  });
});
test.after(() => e.cleanup());

test('PHX-HM-01 / PHX-LXC-01 / PHX-VM-01: invalid verb and missing target are refused, exit 1, nothing sent', async () => {
  const a = await e.during(() => e.run('foobar'));
  assert.is(a.r.stderr, "Error: Invalid verb 'foobar'\n");
  const b = await e.during(() => e.run('create'));
  assert.is(b.r.stderr.split('\n')[0], "Error: Verb 'create' requires at least one target ID", 'the seed line, verbatim (a hint about --all follows)');
  assert.equal([...a.calls, ...b.calls], []);
});

test('DESIGN §8: --dry-run prints the plan and contacts no node', async () => {
  const { r, calls } = await e.during(() => e.run('LetsGo', '--dry-run'));
  assert.is(r.code, 0);
  assert.match(r.stdout, /dry run: no node was contacted/);
  assert.equal(calls, []);
});

test('PHOENIX-DIS-04 setup routes to the hypervisor tasks only (host steps, no guest)', async () => {
  const r = await e.run('plan', 'setup', '--format', 'json');
  const plan = JSON.parse(r.stdout) as Plan;
  assert.ok(plan.steps.every((s) => s.guest === undefined && s.task.startsWith('host.')));
});

test('PHOENIX-DIS-10 LetsGo creates every guest in dependency order, then starts non-templates in boot order', async () => {
  const { r, calls } = await e.during(() => e.run('LetsGo'));
  assert.is(r.code, 0, r.stdout);
  const sent = argvs(mutating(calls));
  const at = (re: RegExp): number => sent.findIndex((c) => re.test(c));
  assert.ok(at(/^pct create 900 /) < at(/^pct clone 900 953/) && at(/^pct clone 900 953/) < at(/^pct clone 900 950/), sent.join('\n'));
  assert.ok(at(/^qm template 9000/) < at(/^qm clone 9000 1000/));
  assert.ok(!sent.some((c) => c.startsWith('qm start 9000')), 'a template is never started');
  // everything stopped, LetsGo again: the start phase follows boot order 953 (1), 1000 (2), 950 (3); 900 (0) first
  await e.run('stop', '--all');
  const again = await e.during(() => e.run('LetsGo'));
  assert.equal(argvs(mutating(again.calls)).filter((c) => / start /.test(` ${c} `)), ['pct start 900', 'pct start 953', 'qm start 1000', 'pct start 950']);
});

test('PHX-VM-02/03 create 1000: clone of the template, configured, running, agent up, features run; again: no change', async () => {
  assert.match(e.conf('1000', 'qemu-server'), /^ipconfig0: ip=10\.0\.0\.100\/24,gw=10\.0\.0\.1$/m);
  assert.is(e.guestFile('1000', 'etc/phoenix/features.log'), 'ran base_setup.sh\n');
  const { r, calls } = await e.during(() => e.run('create', '1000'));
  assert.is(r.code, 0);
  assert.equal(argvs(mutating(calls)), []);
});

test('PHX-LXC-07 test 950 runs its test suite inside the CT, with argv', async () => {
  const { r, calls } = await e.during(() => e.run('test', '950'));
  assert.is(r.code, 0, r.stdout);
  assert.ok(argvs(calls).map(unwrapBounded).some((c) => c === 'pct exec 950 -- /var/lib/phoenix/tests/ct/check.sh'), argvs(calls).join('\n'));
  assert.is(e.guestFile('950', 'var/lib/phoenix-suite.log'), 'suite check.sh \n');
});

test('PHX-HM-03 test <node> runs the hypervisor suites; a failing one fails the run, naming it', async () => {
  const r = await e.run('test', 'pve');
  assert.is(r.code, 1);
  assert.match(r.stdout, /FAILED pve:host\.test:full\/hypervisor\/full\.sh: test full\/Full failed on pve \(exit 3\)/);
});

test('PHX-HM-04 --suite smoke passes through: only that suite runs; --junit writes the report', async () => {
  const r = await e.run('test', 'pve', '--suite', 'smoke', '--junit', 'junit.xml');
  assert.is(r.code, 0, r.stdout);
  assert.match(r.stdout, /host\.test:smoke/);
  assert.not.match(r.stdout, /full\.sh/);
  const xml = (await import('node:fs')).readFileSync(`${e.dir}/junit.xml`, 'utf8');
  assert.match(xml, /<testsuite name="phoenix" tests="1" failures="0"/);
});

test.run();
