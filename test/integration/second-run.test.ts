// For every verb: apply, then the second run makes zero mutating calls (restart and test are actions, not states:
// their second run repeats exactly the action and nothing else).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, ct, makeEstate, MARKER_FEATURE, mutating, type Estate } from '../helpers/estate.js';
import { simNodeConfig } from '../helpers/sim.js';

let e: Estate;
test.before(() => {
  e = makeEstate({
    lxc: { lxc_configs: {
      '900': ct('900', { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', template_snapshot_name: 'final-form', features: ['base_setup'], lxc_options: ['lxc.apparmor.profile=unconfined'], zfs_volumes: [{ name: 'data', pool: 'local-lvm', size_gb: 2, mount_point: '/data' }] }),
      '950': ct('950', { clone_from_ctid: '900', boot_order: 2, health_check: { command: '/bin/true' }, mount_points: [{ host_path: '/srv/share/950', container_path: '/share', owner_uid: 33, owner_gid: 33 }] }),
    } },
    vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [
      { vmid: 9000, name: 'tpl', is_template: true, template_image: 'cloud.img', network_config: { ip: 'dhcp' } },
      { vmid: 1000, name: 'app', clone_from_vmid: 9000, boot_order: 1, features: ['base_setup'], network_config: { ip: '10.0.0.100/24', gw: '10.0.0.1' } },
    ] },
    scripts: { features: [] },
    rawFiles: { 'scripts/features/base_setup.sh': MARKER_FEATURE, 'images/cloud.img': 'fake\n' },
    inventory: { defaultNode: 'pve', nodes: { pve: { ...simNodeConfig('./.phoenix/sim/pve'), imageDir: './images' } } },
  });
});
test.after(() => e.cleanup());

/** The current section of a config file (snapshot sections follow the first `[name]`). */
const current = (conf: string): string => conf.split(/^\[/m)[0]!;

async function twice(...argv: string[]): Promise<{ first: string[]; second: string[] }> {
  const a = await e.during(() => e.run(...argv));
  assert.is(a.r.code, 0, `${argv.join(' ')}\n${a.r.stdout}${a.r.stderr}`);
  const b = await e.during(() => e.run(...argv));
  assert.is(b.r.code, 0, `${argv.join(' ')} (again)\n${b.r.stdout}${b.r.stderr}`);
  return { first: argvs(mutating(a.calls)), second: argvs(mutating(b.calls)) };
}

test('LetsGo: builds everything (VM template and clone included, features run in the guests); second run sends nothing', async () => {
  const { first, second } = await twice('LetsGo');
  assert.ok(first.some((c) => c.startsWith('qm template 9000')) && first.some((c) => c.startsWith('qm clone 9000 1000')), first.join('\n'));
  assert.equal(second, []);
  assert.is(e.guestFile('900', 'etc/phoenix/features.log'), 'ran base_setup.sh\n');
  assert.is(e.guestFile('1000', 'etc/phoenix/features.log'), 'ran base_setup.sh\n');
  assert.match(e.conf('950'), /^mp\d: \/srv\/share\/950,mp=\/share$/m);
  assert.is(current(e.conf('900')).match(/mp=\/data/g)?.length, 1);
});

test('create, reconfigure, start: the second run sends nothing', async () => {
  for (const verb of ['create', 'reconfigure', 'start']) {
    const { second } = await twice(verb, '950', '1000');
    assert.equal(second, [], verb);
  }
});

test('stop: first stops, second sends nothing', async () => {
  const { first, second } = await twice('stop', '950', '1000');
  assert.equal(first, ['pct stop 950', 'qm stop 1000']);
  assert.equal(second, []);
});

test('restart is an action: each run stops and starts the targets, and sends nothing else', async () => {
  await e.run('start', '950');
  const { first, second } = await twice('restart', '950');
  assert.equal(first, ['pct stop 950', 'pct start 950']);
  assert.equal(second, ['pct stop 950', 'pct start 950']);
});

test('test is a probe: each run executes the health check in the guest and nothing else', async () => {
  const { first, second } = await twice('test', '950');
  // run in the guest under the bounded wrapper (src/tasks/bounded-exec.ts): the guest's argv is /bin/true
  assert.equal(first.map((c) => c.replace(/^(pct exec 950 -- )\/bin\/sh -c [^]*? phoenix-run (test \S+) (\d+) /, '$1[bounded: $2, $3s] ')), ['pct exec 950 -- [bounded: test true, 300s] /bin/true']);
  assert.equal(second, first);
});

test('zfs volumes: still exactly one volume per entry after three runs', async () => {
  await e.run('create', '900');
  await e.run('create', '900');
  assert.is(current(e.conf('900')).match(/mp=\/data/g)?.length, 1);
});

test('delete: first destroys, second sends nothing', async () => {
  const { first, second } = await twice('delete', '950', '1000');
  assert.equal(first.sort(), ['pct destroy 950 --purge 1', 'pct stop 950', 'qm destroy 1000 --purge 1']);
  assert.equal(second, []);
});

test.run();
