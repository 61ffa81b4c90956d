// The hot-plug rules (src/tasks/hotplug.ts): which `pct set` / `qm set` keys a running guest takes at once and which
// wait in its pending section, per PVE's vmconfig_hotplug_pending; and the config a guest will have after a restart.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { GuestFacts } from '../../src/tasks/facts.js';
import { appliesLive, hotplugFeatures, LXC_HOTPLUG, QEMU_HOTPLUG, willPend } from '../../src/tasks/hotplug.js';
import { nextConfig, pendingKeys } from '../../src/tasks/pending.js';

type G = Pick<GuestFacts, 'type' | 'status' | 'config'>;
const ct = (status: string, config: Record<string, string> = {}): G => ({ type: 'lxc', status, config });
const qm = (status: string, config: Record<string, string> = {}): G => ({ type: 'qemu', status, config });

test('every rule cites the PVE source file and function that decides it', () => {
  for (const r of [...LXC_HOTPLUG, ...QEMU_HOTPLUG]) {
    assert.match(r.source, /^(pve-container|qemu-server) src\/PVE\/[A-Za-z/]+\.pm \S/, String(r.keys));
    assert.match(r.source, /vmconfig_hotplug_pending|vmconfig_update_\w+|\$LXC_FASTPLUG_OPTIONS|\$fast_plug_option/, String(r.keys));
  }
});

test('CT: cores, memory, swap, onboot, startup, net0, cpulimit are hot; features, nameserver, searchdomain wait', () => {
  for (const k of ['cores', 'memory', 'swap', 'onboot', 'startup', 'net0', 'net3', 'cpulimit', 'cpuunits', 'hostname', 'tags', 'description']) {
    assert.ok(appliesLive('lxc', {}, k, '1'), k);
  }
  for (const k of ['features', 'nameserver', 'searchdomain', 'arch', 'ostype', 'timezone', 'cmode', 'rootfs']) {
    assert.not.ok(appliesLive('lxc', {}, k, 'x'), k);
  }
});

test('CT: a new mpN/devN is hot-plugged, a changed one waits', () => {
  assert.ok(appliesLive('lxc', {}, 'mp0', '/srv/a,mp=/a'));
  assert.not.ok(appliesLive('lxc', { mp0: '/srv/a,mp=/a' }, 'mp0', '/srv/b,mp=/a'));
  assert.ok(appliesLive('lxc', {}, 'dev0', '/dev/dri/card0'));
  assert.not.ok(appliesLive('lxc', { dev0: '/dev/dri/card0' }, 'dev0', '/dev/dri/card1'));
});

test('VM: the default hotplug is network,disk,usb; 1 is the default, 0 is none', () => {
  assert.equal([...hotplugFeatures({})].sort(), ['disk', 'network', 'usb']);
  assert.equal([...hotplugFeatures({ hotplug: '1' })].sort(), ['disk', 'network', 'usb']);
  assert.equal([...hotplugFeatures({ hotplug: '0' })], []);
  assert.equal([...hotplugFeatures({ hotplug: 'network,memory,cpu' })].sort(), ['cpu', 'memory', 'network']);
});

test('VM: memory is hot only with hotplug memory; cores never (only vcpus, with hotplug cpu)', () => {
  assert.not.ok(appliesLive('qemu', { memory: '2048' }, 'memory', '4096'));
  assert.ok(appliesLive('qemu', { memory: '2048', hotplug: 'network,disk,memory' }, 'memory', '4096'));
  assert.not.ok(appliesLive('qemu', { hotplug: 'cpu,memory' }, 'cores', '4'));
  assert.ok(appliesLive('qemu', { hotplug: 'cpu' }, 'vcpus', '2'));
  assert.not.ok(appliesLive('qemu', {}, 'vcpus', '2'));
});

test('VM: onboot, startup, name and the cloud-init keys are fast-plugged', () => {
  for (const k of ['onboot', 'startup', 'name', 'tags', 'nameserver', 'searchdomain', 'ipconfig0', 'ipconfig7', 'ciuser', 'sshkeys']) {
    assert.ok(appliesLive('qemu', { hotplug: '0' }, k, 'x'), k);
  }
});

test('VM: net0 firewall/bridge/tag change live without hotplug; model, MAC or a new NIC need hotplug network', () => {
  const have = { net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0', hotplug: '0' };
  assert.ok(appliesLive('qemu', have, 'net0', 'virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1'));
  assert.ok(appliesLive('qemu', have, 'net0', 'virtio=BC:24:11:00:00:01,bridge=vmbr1,tag=5'));
  assert.not.ok(appliesLive('qemu', have, 'net0', 'e1000=BC:24:11:00:00:01,bridge=vmbr0'));
  assert.not.ok(appliesLive('qemu', have, 'net0', 'virtio=BC:24:11:00:00:02,bridge=vmbr0'));
  assert.not.ok(appliesLive('qemu', { hotplug: '0' }, 'net1', 'virtio,bridge=vmbr0'));
  assert.ok(appliesLive('qemu', { ...have, hotplug: 'network' }, 'net0', 'e1000=BC:24:11:00:00:01,bridge=vmbr0'));
});

test('VM: agent changes wait (only fstrim_cloned_disks is live, and only with an agent set)', () => {
  assert.not.ok(appliesLive('qemu', {}, 'agent', '1'));
  assert.not.ok(appliesLive('qemu', { agent: '0' }, 'agent', '1'));
  assert.ok(appliesLive('qemu', { agent: '1' }, 'agent', 'enabled=1,fstrim_cloned_disks=1'));
});

test('VM: balloon is live unless the device is turned on or off; efidisk0 never', () => {
  assert.ok(appliesLive('qemu', { balloon: '1024' }, 'balloon', '2048'));
  assert.not.ok(appliesLive('qemu', { balloon: '0' }, 'balloon', '2048'));
  assert.not.ok(appliesLive('qemu', {}, 'efidisk0', 'local-lvm:1'));
});

test('willPend: only on a running (or paused) guest, and not when the value is the current one (cleanup_pending)', () => {
  assert.ok(willPend(ct('running', { nameserver: '1.1.1.1' }), 'nameserver', '8.8.8.8'));
  assert.not.ok(willPend(ct('stopped', { nameserver: '1.1.1.1' }), 'nameserver', '8.8.8.8'));
  assert.not.ok(willPend(ct('running', { nameserver: '8.8.8.8' }), 'nameserver', '8.8.8.8'));
  assert.not.ok(willPend(ct('running', { memory: '512' }), 'memory', '1024'));
  assert.ok(willPend(qm('paused', { memory: '512' }), 'memory', '1024'));
  assert.not.ok(willPend(qm('stopped', { memory: '512' }), 'memory', '1024'));
});

test('nextConfig / pendingKeys: current + pending - pending deletes; the raw delete line counts when pendingDelete is absent', () => {
  const g = { config: { memory: '512', nameserver: '1.1.1.1', searchdomain: 'lan' }, pending: { nameserver: '8.8.8.8', memory: '512' }, pendingDelete: ['searchdomain'] };
  assert.equal(nextConfig(g), { memory: '512', nameserver: '8.8.8.8' });
  assert.equal(pendingKeys(g), ['nameserver', 'searchdomain']);
  const raw = { config: { searchdomain: 'lan', cores: '1' }, pending: { delete: 'searchdomain,!cores' } };
  assert.equal(nextConfig(raw), {});
  assert.equal(pendingKeys(raw), ['cores', 'searchdomain']);
  assert.equal(pendingKeys({ config: { a: '1' }, pending: {} }), []);
});

test.run();
