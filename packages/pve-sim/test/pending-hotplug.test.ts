// Pending sections with PVE's hot-plug rules (LXC/Config.pm and QemuServer.pm vmconfig_hotplug_pending): what a
// running guest takes at once, what waits for the next start, and the sections as PVE writes them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';
import { parseConf, writeConf } from '../src/conf/config-file.js';
import { lxcHot, qemuHot } from '../src/guest/hotplug-rules.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const sim = makeSimState();
test.after(() => sim.cleanup());
const ct = (id: string): string => readFileSync(join(sim.dir, 'etc/pve/nodes/pve/lxc', `${id}.conf`), 'utf8');
const vm = (id: string): string => readFileSync(join(sim.dir, 'etc/pve/nodes/pve/qemu-server', `${id}.conf`), 'utf8');
const ok = (argv: string[], env: Record<string, string> = {}): string => {
  const r = sim.run(argv, { env });
  assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
/** The lines of one section (`''` = the current config). */
function section(text: string, name: string): string[] {
  const parts = text.split(/\n(?=\[)/);
  const body = name === '' ? parts[0] : parts.find((p) => p.startsWith(`[${name}]\n`));
  return (body ?? '').split('\n').filter((l) => l && !l.startsWith('['));
}

test('hot-plug rules as data: LXC', () => {
  const cur = { mp0: 'local-lvm:vm-950-disk-1,mp=/data' };
  for (const k of ['hostname', 'cores', 'memory', 'swap', 'net0', 'cpulimit', 'tags', 'onboot', 'mp1']) assert.ok(lxcHot('set', k, cur), k);
  for (const k of ['nameserver', 'searchdomain', 'features', 'mp0', 'ostype', 'rootfs']) assert.not.ok(lxcHot('set', k, cur), k);
  for (const k of ['swap', 'net3', 'unused0', 'cpuunits', 'tags']) assert.ok(lxcHot('delete', k, cur), k);
  for (const k of ['mp0', 'nameserver', 'net12', 'features']) assert.not.ok(lxcHot('delete', k, cur), k);
});

test('hot-plug rules as data: qemu, `hotplug` decides', () => {
  const cur = { scsi0: 'local-lvm:vm-1-disk-0,size=4G', net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0' };
  assert.not.ok(qemuHot('set', 'memory', cur, '4096'));
  assert.ok(qemuHot('set', 'memory', { ...cur, hotplug: 'network,disk,memory' }, '4096'));
  assert.not.ok(qemuHot('set', 'cores', cur, '4'));
  assert.ok(qemuHot('set', 'name', cur, 'x'));
  assert.ok(qemuHot('set', 'ipconfig0', cur, 'ip=dhcp'));
  assert.ok(qemuHot('set', 'scsi1', cur, 'local-lvm:vm-1-disk-1,size=2G'));
  assert.not.ok(qemuHot('set', 'sata1', cur, 'local-lvm:vm-1-disk-1,size=2G'));
  assert.not.ok(qemuHot('set', 'scsi1', { ...cur, hotplug: '0' }, 'local-lvm:vm-1-disk-1,size=2G'));
  assert.not.ok(qemuHot('set', 'scsi0', cur, 'local-lvm:vm-1-disk-0,size=4G,cache=writeback'));
  assert.ok(qemuHot('set', 'scsi0', cur, 'local-lvm:vm-1-disk-0,size=4G,mbps=10'));
  assert.ok(qemuHot('set', 'net0', cur, 'virtio=BC:24:11:00:00:01,bridge=vmbr1,tag=5'));
  assert.not.ok(qemuHot('set', 'net0', { ...cur, hotplug: 'disk' }, 'e1000=BC:24:11:00:00:01,bridge=vmbr0'));
  assert.not.ok(qemuHot('delete', 'agent', { ...cur, agent: '1' }));
  assert.ok(qemuHot('set', 'agent', { ...cur, agent: '1' }, '1,fstrim_cloned_disks=1'));
  assert.not.ok(qemuHot('set', 'agent', { ...cur, agent: '1' }, '0'));
});

test('config sections: [PENDING], [special:cloudinit], unknown sections skipped; [pve:pending] for CTs', () => {
  const text = 'memory: 2048\nname: a\nide2: local-lvm:vm-1-cloudinit,media=cdrom\n\n[PENDING]\ndelete: agent\nmemory: 4096\n\n'
    + '[special:cloudinit]\nipconfig0: ip=dhcp\n\n[whatever:x]\nmemory: 1\n\n[snap1]\nmemory: 1024\nsnaptime: 1\n';
  const c = parseConf(text, 'qemu');
  assert.equal(c.main.keys, { memory: '2048', name: 'a', ide2: 'local-lvm:vm-1-cloudinit,media=cdrom' });
  assert.equal(c.pending?.keys, { delete: 'agent', memory: '4096' });
  assert.equal(c.special?.['cloudinit']?.keys, { ipconfig0: 'ip=dhcp' });
  assert.equal(Object.keys(c.snapshots), ['snap1']);
  assert.is(writeConf(c, 'qemu'), 'ide2: local-lvm:vm-1-cloudinit,media=cdrom\nmemory: 2048\nname: a\n\n[PENDING]\ndelete: agent\nmemory: 4096\n\n'
    + '[special:cloudinit]\nipconfig0: ip=dhcp\n\n[snap1]\nmemory: 1024\nsnaptime: 1\n');
  const l = parseConf('memory: 512\n\n[pve:pending]\nnameserver: 1.1.1.1\n', 'lxc');
  assert.equal([l.main.keys, l.pending?.keys], [{ memory: '512' }, { nameserver: '1.1.1.1' }]);
  assert.is(writeConf(l, 'lxc'), 'memory: 512\n\n[pve:pending]\nnameserver: 1.1.1.1\n');
});

test('pct set on a running CT: hot keys at once, the rest in [pve:pending] until the next start', () => {
  ok(['pct', 'create', '950', TPL, '--storage', 'local-lvm', '--hostname', 'web', '--mp0', 'local-lvm:1,mp=/data', '--start', '1']);
  ok(['pct', 'set', '950', '--memory', '1024', '--cores', '2', '--hostname', 'web2', '--nameserver', '1.1.1.1',
    '--features', 'nesting=1', '--mp1', 'local-lvm:1,mp=/more', '--mp0', 'local-lvm:2,mp=/data2', '--delete', 'swap']);
  const text = ct('950');
  for (const l of ['memory: 1024', 'cores: 2', 'hostname: web2']) assert.ok(section(text, '').includes(l), l);
  assert.ok(section(text, '').some((l) => /^mp1: local-lvm:vm-950-disk-\d,mp=\/more,size=1G$/.test(l)));
  assert.not.ok(section(text, '').some((l) => l.startsWith('swap:')));
  // a changed mpN is not hot-plugged: its STORAGE:SIZE request waits, unallocated
  assert.equal(section(text, 'pve:pending'), ['features: nesting=1', 'mp0: local-lvm:2,mp=/data2', 'nameserver: 1.1.1.1']);
  assert.match(ok(['pct', 'config', '950']), /^nameserver: 1\.1\.1\.1$/m);
  assert.not.match(ok(['pct', 'config', '950', '--current']), /^nameserver:/m);
  assert.match(ok(['pct', 'pending', '950']), /^cur mp0: local-lvm:vm-950-disk-1,mp=\/data,size=1G\nnew mp0: local-lvm:2,mp=\/data2\n/m);
  assert.match(ok(['pct', 'pending', '950']), /^new nameserver: 1\.1\.1\.1$/m);
});

test('pending deletions, clean-up of a value set back, --revert', () => {
  ok(['pct', 'set', '950', '--delete', 'mp1']);
  ok(['pct', 'set', '950', '--revert', 'features']);
  ok(['pct', 'set', '950', '--hostname', 'web2']); // equal to current: nothing pending
  assert.equal(section(ct('950'), 'pve:pending'), ['delete: mp1', 'mp0: local-lvm:2,mp=/data2', 'nameserver: 1.1.1.1']);
  assert.match(ok(['pct', 'pending', '950']), /^del mp1: local-lvm:vm-950-disk-\d,mp=\/more,size=1G$/m);
  const items = JSON.parse(ok(['pvesh', 'get', '/nodes/pve/lxc/950/pending', '--output-format', 'json'])) as Array<Record<string, unknown>>;
  assert.equal(items.find((i) => i['key'] === 'mp1')?.['delete'], 1);
  assert.equal(items.find((i) => i['key'] === 'nameserver'), { key: 'nameserver', pending: '1.1.1.1' });
});

test('the next start applies the pending section: deletions first, detached volumes become unusedN', () => {
  ok(['pct', 'reboot', '950']);
  const text = ct('950');
  assert.not.match(text, /\[pve:pending\]/);
  const cur = section(text, '');
  assert.ok(cur.includes('nameserver: 1.1.1.1'));
  assert.ok(cur.some((l) => /^mp0: local-lvm:vm-950-disk-\d,mp=\/data2,size=2G$/.test(l)), cur.join('\n'));
  assert.not.ok(cur.some((l) => l.startsWith('mp1:')));
  assert.equal(cur.filter((l) => l.startsWith('unused')).length, 2);
});

test('qm set on a running VM: [PENDING] (memory without hotplug=memory, cores), hot disks, cloud-init record', () => {
  ok(['qm', 'create', '1000', '--name', 'vm1', '--memory', '2048', '--cores', '2', '--scsi0', 'local-lvm:4',
    '--ide2', 'local-lvm:cloudinit', '--ipconfig0', 'ip=dhcp']);
  ok(['qm', 'start', '1000']);
  ok(['qm', 'set', '1000', '--memory', '4096', '--cores', '4', '--ipconfig0', 'ip=10.0.0.5/24,gw=10.0.0.1', '--scsi1', 'local-lvm:2',
    '--sata1', 'local-lvm:1', '--delete', 'ide2']);
  const text = vm('1000');
  assert.ok(section(text, '').includes('ipconfig0: ip=10.0.0.5/24,gw=10.0.0.1'));
  assert.ok(section(text, '').some((l) => l.startsWith('scsi1: ')));
  const pending = section(text, 'PENDING');
  assert.equal(pending.filter((l) => !l.startsWith('sata1:')), ['cores: 4', 'delete: ide2', 'memory: 4096']);
  assert.ok(pending.some((l) => /^sata1: local-lvm:vm-1000-disk-\d,size=1G$/.test(l)), 'a new SATA disk is allocated but not hot-plugged');
  assert.equal(section(text, 'special:cloudinit'), ['ipconfig0: ip=dhcp']);
  assert.match(ok(['qm', 'config', '1000']), /^memory: 4096$/m);
  assert.match(ok(['qm', 'config', '1000', '--current']), /^memory: 2048$/m);
  assert.equal(Object.keys(JSON.parse(ok(['pvesh', 'get', '/nodes/pve/qemu/1000/config', '--output-format', 'json'])) as object).includes('ide2'), false);
  assert.is(ok(['qm', 'listsnapshot', '1000']).split('\n').filter(Boolean).length, 1, 'no PENDING or special section listed as a snapshot');
});

test('with hotplug memory, memory changes on a running VM at once; the restart applies [PENDING]', () => {
  ok(['qm', 'set', '1000', '--hotplug', 'network,disk,usb,memory']);
  assert.ok(section(vm('1000'), 'PENDING').includes('hotplug: network,disk,usb,memory'), 'hotplug itself is not hot when it adds memory');
  ok(['qm', 'reboot', '1000']);
  const text = vm('1000');
  assert.not.match(text, /\[PENDING\]|\[special:cloudinit\]/);
  assert.ok(section(text, '').includes('memory: 4096'));
  assert.not.ok(section(text, '').some((l) => l.startsWith('ide2:')));
  ok(['qm', 'set', '1000', '--memory', '8192']);
  assert.ok(section(vm('1000'), '').includes('memory: 8192'));
});

test('PVE_SIM_PENDING=0: a running guest takes every change at once', () => {
  const env = { PVE_SIM_PENDING: '0' };
  ok(['pct', 'set', '950', '--nameserver', '8.8.8.8', '--features', 'keyctl=1'], env);
  assert.not.match(ct('950'), /\[pve:pending\]/);
  assert.ok(section(ct('950'), '').includes('nameserver: 8.8.8.8'));
  ok(['qm', 'set', '1000', '--cores', '8'], env);
  assert.ok(section(vm('1000'), '').includes('cores: 8'));
});

test.run();
