// The seed's dispatcher cases (PHOENIX-DIS-01..09), through the CLI with injected argv. No node is contacted:
// every case here either fails before planning or only compiles (`plan`, `--dry-run`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/compile/plan.js';
import { cli } from '../helpers/cli.js';
import { writeProject, type Project } from '../helpers/fixtures.js';

let project: Project;
test.before(() => {
  project = writeProject({
    lxc: {
      lxc_configs: {
        '900': { name: 'base', memory_mb: 1024, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 8, template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', network_config: { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.200/24', gw: '10.0.0.1' }, template_snapshot_name: 'final-form' },
        '950': { name: 'app', memory_mb: 2048, cores: 2, storage_pool: 'local-lvm', storage_size_gb: 8, clone_from_ctid: '900', boot_order: 3, network_config: { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.50/24', gw: '10.0.0.1' } },
        '953': { name: 'early', memory_mb: 512, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 8, clone_from_ctid: '900', boot_order: 1, network_config: { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.53/24', gw: '10.0.0.1' } },
      },
    },
    vm: { vm_defaults: { cores: 2, memory_mb: 2048, disk_size_gb: 16, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [{ vmid: 1000, name: 'vm', boot_order: 2, clone_from_vmid: 9000 }, { vmid: 9000, name: 'tpl', is_template: true, template_image: 'x.img' }] },
    scripts: null,
  });
});
test.after(() => project.cleanup());

const planOf = async (...args: string[]): Promise<Plan> => {
  const r = await cli(['plan', ...args, '--format', 'json'], { cwd: project.dir });
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Plan;
};

test('PHOENIX-DIS-01 --help displays usage and exits 0', async () => {
  const r = await cli(['--help']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /Usage:/);
  assert.match(r.stdout, /phoenix run <verb>/);
});

test("PHOENIX-DIS-02 invalid verb: Error: Invalid verb 'foobar', exit 1", async () => {
  const r = await cli(['foobar'], { cwd: project.dir });
  assert.is(r.code, 1);
  assert.is(r.stderr, "Error: Invalid verb 'foobar'\n");
});

test("PHOENIX-DIS-03 missing targets: Error: Verb 'start' requires at least one target ID, exit 1", async () => {
  const r = await cli(['start'], { cwd: project.dir });
  assert.is(r.code, 1);
  assert.is(r.stderr.split('\n')[0], "Error: Verb 'start' requires at least one target ID");
});

test('PHOENIX-DIS-05 start 950 resolves to the LXC task', async () => {
  const p = await planOf('start', '950');
  assert.equal(p.steps.map((s) => [s.guest, s.task]), [['950', 'lxc.start']]);
});

test('PHOENIX-DIS-06 start 1000 resolves to the VM task', async () => {
  const p = await planOf('start', '1000');
  assert.equal(p.steps.map((s) => [s.guest, s.task]), [['1000', 'vm.start']]);
});

test("PHOENIX-DIS-07 unknown target: Error: Target ID '9999' not found, exit 1", async () => {
  const r = await cli(['start', '9999'], { cwd: project.dir });
  assert.is(r.code, 1);
  assert.is(r.stderr, "Error: Target ID '9999' not found\n");
});

test('PHOENIX-DIS-08 create 950 900: 900 before 950', async () => {
  const p = await planOf('create', '950', '900');
  assert.equal(p.steps.filter((s) => s.task === 'lxc.create').map((s) => s.guest), ['900', '950']);
});

test('PHOENIX-DIS-09 start 953 950: 953 (order 1) before 950 (order 3)', async () => {
  const p = await planOf('start', '953', '950');
  assert.equal(p.steps.map((s) => s.guest), ['953', '950']);
});

test('both forms compile the same plan: `create 950 900` == `run create --limit 950,900`', async () => {
  const a = await cli(['create', '950', '900', '--dry-run'], { cwd: project.dir });
  const b = await cli(['run', 'create', '--limit', '950,900', '--dry-run'], { cwd: project.dir });
  assert.is(a.code, 0, a.stderr);
  assert.is(a.stdout, b.stdout);
  assert.match(a.stdout, /dry run: no node was contacted/);
});

test('a bare `run delete` never means everything', async () => {
  const r = await cli(['run', 'delete'], { cwd: project.dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /requires at least one target ID/);
});

test('unknown option: one clear line, exit 1', async () => {
  const r = await cli(['start', '950', '--frobnicate'], { cwd: project.dir });
  assert.is(r.code, 1);
  assert.is(r.stderr, "Error: unknown option '--frobnicate'\n");
});

test.run();
