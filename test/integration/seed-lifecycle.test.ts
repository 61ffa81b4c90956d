// Issue "Phoenix end to end" on the simulator: the seed's LXC/VM lifecycle cases, with the audit log as witness.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, makeEstate, MARKER_FEATURE, mutating, type Estate } from '../helpers/estate.js';
import { simNodeConfig } from '../helpers/sim.js';

const ct = (id: string, extra: Record<string, unknown> = {}) => ({
  name: `ct${id}`, memory_mb: 512, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 8, unprivileged: true,
  network_config: { name: 'eth0', bridge: 'vmbr0', ip: `10.0.0.${Number(id) % 250}/24`, gw: '10.0.0.1' }, ...extra,
});

let e: Estate;
test.before(() => {
  e = makeEstate({
    lxc: {
      lxc_configs: {
        '900': ct('900', { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', template_snapshot_name: 'final-form', features: ['base_setup'], mac_address: '52:54:00:AA:BB:CC' }),
        '950': ct('950', { clone_from_ctid: '900', boot_order: 3, memory_mb: 1024, features: ['base_setup', 'extra'] }),
        '953': ct('953', { clone_from_ctid: '900', boot_order: 1 }),
      },
    },
    vm: {
      vm_defaults: { cores: 1, memory_mb: 1024, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' },
      vms: [
        { vmid: 9000, name: 'tpl', is_template: true, template_image: 'cloud.img', network_config: { ip: 'dhcp' } },
        { vmid: 1000, name: 'app', clone_from_vmid: 9000, boot_order: 2, network_config: { ip: '10.0.0.100/24', gw: '10.0.0.1' } },
      ],
    },
    scripts: { features: [] },
    rawFiles: { 'scripts/features/base_setup.sh': MARKER_FEATURE, 'scripts/features/extra.sh': MARKER_FEATURE, 'images/cloud.img': 'fake image\n' },
    inventory: { defaultNode: 'pve', nodes: { pve: { ...simNodeConfig('./.phoenix/sim/pve'), imageDir: './images' } } },
  });
});
test.after(() => e.cleanup());

test('PHX-LXC-02 create 950 900: 900 is created and snapshotted, 950 cloned from it, configured, running, features applied', async () => {
  const { r, calls } = await e.during(() => e.run('create', '950', '900'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  const sent = argvs(mutating(calls));
  const i900 = sent.findIndex((c) => c.startsWith('pct create 900 '));
  const iSnap = sent.indexOf('pct snapshot 900 final-form');
  const iClone = sent.findIndex((c) => c.startsWith('pct clone 900 950 --snapname final-form'));
  assert.ok(i900 >= 0 && iSnap > i900 && iClone > iSnap, sent.join('\n'));
  assert.match(e.conf('950'), /^memory: 1024$/m);
  assert.ok(sent.includes('pct start 950'));
  // base_setup ran in 900 and was inherited by the clone: it ran once in 950's history; extra ran in 950 itself
  assert.is(e.guestFile('900', 'etc/phoenix/features.log'), 'ran base_setup.sh\n');
  assert.is(e.guestFile('950', 'etc/phoenix/features.log'), 'ran base_setup.sh\nran extra.sh\n');
});

test('PHX-LXC-03 create 950 900 again: nothing changed, zero mutating calls', async () => {
  const { r, calls } = await e.during(() => e.run('create', '950', '900'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)), []);
  assert.match(r.stdout, /Nothing changed: no mutating command was sent/);
  assert.ok(calls.length <= 2, `state read took ${calls.length} tool calls: ${argvs(calls).join(' | ')}`);
});

test('PHOENIX-DIS-09 on the node: start 953 950 starts 953 first', async () => {
  assert.is((await e.run('create', '953')).code, 0);
  await e.run('stop', '950', '953');
  const { r, calls } = await e.during(() => e.run('start', '953', '950'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)), ['pct start 953', 'pct start 950']);
});

test('PHX-LXC-05 stop 950, and stop on a stopped guest succeeds without a command', async () => {
  const first = await e.during(() => e.run('stop', '950'));
  assert.is(first.r.code, 0);
  assert.equal(argvs(mutating(first.calls)), ['pct stop 950']);
  const again = await e.during(() => e.run('stop', '950'));
  assert.is(again.r.code, 0, again.r.stdout + again.r.stderr);
  assert.equal(argvs(mutating(again.calls)), []);
});

test('PHX-VM-04 start 1000 creates nothing and starts the VM with qm', async () => {
  await e.run('create', '1000');
  await e.run('stop', '1000');
  const { r, calls } = await e.during(() => e.run('start', '1000'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)), ['qm start 1000']);
});

test('PHX-VM-05/06 stop and delete VM 1000', async () => {
  const s = await e.during(() => e.run('stop', '1000'));
  assert.equal(argvs(mutating(s.calls)), ['qm stop 1000']);
  const d = await e.during(() => e.run('delete', '1000'));
  assert.is(d.r.code, 0, d.r.stdout + d.r.stderr);
  assert.equal(argvs(mutating(d.calls)), ['qm destroy 1000 --purge 1']);
});

test('PHX-LXC-06 delete 950: stopped, then destroyed; gone from the node', async () => {
  await e.run('start', '950');
  const { r, calls } = await e.during(() => e.run('delete', '950'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)), ['pct stop 950', 'pct destroy 950 --purge 1']);
  const again = await e.during(() => e.run('delete', '950'));
  assert.equal(argvs(mutating(again.calls)), []);
});

test('delete of a source that a remaining guest clones from is refused by name; nothing is sent', async () => {
  const { r, calls } = await e.during(() => e.run('delete', '900'));
  assert.is(r.code, 1);
  assert.match(r.stderr, /refusing to delete 900: .*953 clones from it/);
  assert.equal(calls, []);
});

test.run();
