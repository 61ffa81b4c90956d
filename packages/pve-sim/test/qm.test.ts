import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const sim = makeSimState();
const conf = (id: string): string => readFileSync(join(sim.dir, 'etc/pve/nodes/pve/qemu-server', `${id}.conf`), 'utf8');
const ok = (argv: string[], input?: string): string => {
  const r = sim.run(argv, input === undefined ? {} : { input });
  assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const fails = (argv: string[], code: number, stderr: string): void => {
  const r = sim.run(argv);
  assert.equal([r.code, r.stderr], [code, stderr], argv.join(' '));
};
const img = join(sim.dir, 'cloud.img');
const key = join(sim.dir, 'key.pub');

test.before(() => {
  writeFileSync(img, Buffer.alloc(3 * 1024 * 1024 + 5, 1));
  writeFileSync(key, 'ssh-ed25519 AAAAC3Nza+x/y= me@host\n');
});
test.after(() => sim.cleanup());

test('create: import-from, cloud-init drive, MAC, boot order, meta/smbios1/vmgenid', () => {
  const out = ok(['qm', 'create', '9000', '--name', 'tpl', '--memory', '2048', '--cores', '2', '--net0', 'virtio,bridge=vmbr0',
    '--scsihw', 'virtio-scsi-single', '--scsi0', `local-lvm:0,import-from=${img}`, '--ide2', 'local-lvm:cloudinit',
    '--serial0', 'socket', '--agent', '1', '--ciuser', 'admin', '--cipassword', 's3cret', '--sshkeys', key,
    '--ipconfig0', 'ip=10.0.0.5/24,gw=10.0.0.1', '--nameserver', '1.1.1.1', '--tags', 'tpl']);
  assert.match(out, /^scsi0: successfully created disk 'local-lvm:vm-9000-disk-0,size=4M'$/m);
  assert.match(out, /^ide2: successfully created disk 'local-lvm:vm-9000-cloudinit,media=cdrom'$/m);
  const c = conf('9000');
  assert.match(c, /^boot: order=scsi0;net0$/m);
  assert.match(c, /^net0: virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0$/m);
  assert.match(c, /^meta: creation-qemu=[\d.]+,ctime=\d+$/m);
  assert.match(c, /^smbios1: uuid=[0-9a-f-]{36}$/m);
  assert.match(c, /^vmgenid: [0-9a-f-]{36}$/m);
  assert.match(c, /^sshkeys: ssh-ed25519%20AAAAC3Nza%2Bx%2Fy%3D%20me%40host%0A$/m);
  assert.match(c, /^cipassword: \$5\$/m);
  assert.not.match(c, /s3cret/);
  const lines = c.trimEnd().split('\n').map((l) => l.split(':')[0] as string);
  assert.equal(lines, [...lines].sort());
  assert.match(ok(['qm', 'config', '9000']), /^cipassword: \*{10}$/m);
  assert.ok(existsSync(join(sim.dir, 'volumes/local-lvm/vm-9000-disk-0/etc/os-release')));
});

test('create errors and config of a missing VM', () => {
  fails(['qm', 'create', '9000'], 255, "unable to create VM 9000 - VM 9000 already exists on node 'pve'\n");
  fails(['qm', 'config', '9999'], 2, "Configuration file 'nodes/pve/qemu-server/9999.conf' does not exist\n");
  fails(['qm', 'stop', '9999'], 255, "unable to find configuration file for VM 9999 on node 'pve'\n");
});

test('set prints the update line; importdisk; resize rules', () => {
  assert.is(ok(['qm', 'set', '9000', '--memory', '4096', '--cores', '4', '--cipassword', 'x']),
    'update VM 9000: -cipassword <hidden> -cores 4 -memory 4096\n');
  const out = ok(['qm', 'importdisk', '9000', img, 'local-lvm']);
  assert.match(out, /^importing disk '.*cloud\.img' to VM 9000 \.\.\.$/m);
  assert.match(out, /^unused0: successfully imported disk 'local-lvm:vm-9000-disk-1'$/m);
  assert.match(conf('9000'), /^unused0: local-lvm:vm-9000-disk-1$/m);
  fails(['qm', 'importdisk', '9000', '/nope.img', 'local-lvm'], 255, '/nope.img: non-existent or non-regular file\n');
  fails(['qm', 'importdisk', '9000', img, 'local'], 255, 'storage local does not support vm images\n');
  ok(['qm', 'set', '9000', '--delete', 'unused0']);
  ok(['qm', 'resize', '9000', 'scsi0', '8G']);
  assert.match(conf('9000'), /^scsi0: local-lvm:vm-9000-disk-0,size=8G$/m);
  ok(['qm', 'disk', 'resize', '9000', 'scsi0', '+2G']);
  assert.match(conf('9000'), /^scsi0: local-lvm:vm-9000-disk-0,size=10G$/m);
  assert.is(ok(['qm', 'resize', '9000', 'scsi0', '10G']), '');
  fails(['qm', 'resize', '9000', 'scsi0', '2G'], 255, 'shrinking disks is not supported\n');
  fails(['qm', 'resize', '9000', 'scsi9', '20G'], 255, "disk 'scsi9' does not exist\n");
});

test('list format', () => {
  assert.is(ok(['qm', 'list']),
    '      VMID NAME                 STATUS     MEM(MB)    BOOTDISK(GB) PID       \n'
    + '      9000 tpl                  stopped    4096              10.00 0         \n');
});

test('guest agent: documented error order, ping, exec JSON with qm exit 0, stdin', () => {
  fails(['qm', 'guest', 'cmd', '9000', 'ping'], 255, 'VM 9000 is not running\n');
  ok(['qm', 'stop', '9000']);
  ok(['qm', 'start', '9000']);
  fails(['qm', 'start', '9000'], 255, 'VM 9000 already running\n');
  assert.is(ok(['qm', 'guest', 'cmd', '9000', 'ping']), '');
  assert.is(ok(['qm', 'agent', '9000', 'ping']), '');
  const r = ok(['qm', 'guest', 'exec', '9000', '--', 'sh', '-c', 'echo out; echo err >&2; hostname; exit 3']);
  assert.is(r, '{\n   "err-data" : "err\\n",\n   "exitcode" : 3,\n   "exited" : 1,\n   "out-data" : "out\\ntpl\\n"\n}\n');
  const s = JSON.parse(ok(['qm', 'guest', 'exec', '9000', '--pass-stdin', '1', '--', 'sh', '-c', 'cat > /root/in; cat /root/in'], 'data\n')) as Record<string, unknown>;
  assert.is(s['out-data'], 'data\n');
  assert.is(readFileSync(join(sim.dir, 'volumes/local-lvm/vm-9000-disk-0/root/in'), 'utf8'), 'data\n');
  ok(['qm', 'set', '9000', '--delete', 'agent']);
  assert.match(conf('9000'), /\n\[PENDING\]\ndelete: agent\n/);
  assert.is(ok(['qm', 'guest', 'cmd', '9000', 'ping']), '');
  ok(['qm', 'reboot', '9000']);
  fails(['qm', 'guest', 'cmd', '9000', 'ping'], 255, 'No QEMU guest agent configured\n');
  ok(['qm', 'set', '9000', '--agent', 'enabled=0']);
  ok(['qm', 'reboot', '9000']);
  fails(['qm', 'guest', 'cmd', '9000', 'ping'], 255, 'QEMU guest agent is not running\n');
  ok(['qm', 'set', '9000', '--agent', '1']);
  ok(['qm', 'reboot', '9000']);
  assert.not.match(conf('9000'), /PENDING/);
});

test('agent delay: not running until PVE_SIM_AGENT_DELAY_MS after start', () => {
  ok(['qm', 'stop', '9000']);
  const env = { PVE_SIM_AGENT_DELAY_MS: '60000' };
  assert.is(sim.run(['qm', 'start', '9000'], { env }).code, 0);
  fails(['qm', 'guest', 'cmd', '9000', 'ping'], 255, 'QEMU guest agent is not running\n');
  ok(['qm', 'stop', '9000']);
  ok(['qm', 'stop', '9000']);
});

test('cloudinit update writes the drive contents', () => {
  assert.is(ok(['qm', 'cloudinit', 'update', '9000']), 'generating cloud-init ISO\n');
  const user = readFileSync(join(sim.dir, 'volumes/local-lvm/vm-9000-cloudinit/user-data'), 'utf8');
  assert.match(user, /^user: admin$/m);
  assert.match(user, /- ssh-ed25519 AAAAC3Nza\+x\/y= me@host/);
  assert.match(readFileSync(join(sim.dir, 'volumes/local-lvm/vm-9000-cloudinit/network-config'), 'utf8'), /address: '10\.0\.0\.5\/24'/);
});

test('snapshot and rollback (VM type label)', () => {
  ok(['qm', 'snapshot', '9000', 'pre']);
  ok(['qm', 'set', '9000', '--memory', '1024']);
  ok(['qm', 'rollback', '9000', 'pre']);
  assert.match(conf('9000'), /^memory: 4096$/m);
  ok(['qm', 'set', '9000', '--lock', 'backup']);
  fails(['qm', 'start', '9000'], 255, 'VM is locked (backup)\n');
  ok(['qm', 'unlock', '9000']);
  fails(['qm', 'template', '9000'], 255, 'unable to create template, because VM contains snapshots\n');
  ok(['qm', 'delsnapshot', '9000', 'pre']);
});

test('template + clones: linked by default, full on request, names, new MAC/uuid', () => {
  ok(['qm', 'template', '9000']);
  assert.match(conf('9000'), /^scsi0: local-lvm:base-9000-disk-0,size=10G$/m);
  assert.match(conf('9000'), /^ide2: local-lvm:vm-9000-cloudinit,media=cdrom$/m);
  fails(['qm', 'start', '9000'], 255, "you can't start a vm if it's a template\n");
  let out = ok(['qm', 'clone', '9000', '101', '--name', 'web']);
  assert.match(out, /create linked clone of drive scsi0 \(local-lvm:base-9000-disk-0\)/);
  assert.match(conf('101'), /^scsi0: local-lvm:base-9000-disk-0\/vm-101-disk-0,size=10G$/m);
  assert.match(conf('101'), /^ide2: local-lvm:vm-101-cloudinit,media=cdrom$/m);
  assert.match(conf('101'), /^name: web$/m);
  out = ok(['qm', 'clone', '9000', '102', '--full']);
  assert.match(out, /create full clone of drive scsi0 \(local-lvm:base-9000-disk-0\)/);
  assert.match(conf('102'), /^name: Copy-of-VM-tpl$/m);
  assert.match(conf('102'), /^scsi0: local-lvm:vm-102-disk-0,size=10G$/m);
  assert.not.equal(/virtio=([0-9A-F:]+)/.exec(conf('102'))?.[1], /virtio=([0-9A-F:]+)/.exec(conf('9000'))?.[1]);
  assert.not.equal(/uuid=(\S+)/.exec(conf('102'))?.[1], /uuid=(\S+)/.exec(conf('9000'))?.[1]);
  assert.not.match(conf('101'), /^template:/m);
  fails(['qm', 'clone', '9000', '101'], 255, 'unable to create VM 101: config file already exists\n');
  fails(['qm', 'clone', '102', '103', '--full', '0'], 255, "Linked clone feature is not supported for 'local-lvm:vm-102-disk-0' (scsi0)\n");
  fails(['qm', 'destroy', '9000'], 255, "base volume 'local-lvm:base-9000-disk-0' is still in use by linked cloned\n");
});

test('destroy: running refused, then volumes gone', () => {
  ok(['qm', 'start', '101']);
  fails(['qm', 'destroy', '101'], 255, 'VM 101 is running - destroy failed\n');
  ok(['qm', 'stop', '101']);
  assert.match(ok(['qm', 'destroy', '101', '--purge']), /Logical volume "vm-101-disk-0" successfully removed\./);
  assert.not.ok(existsSync(join(sim.dir, 'etc/pve/nodes/pve/qemu-server/101.conf')));
  fails(['qm', 'reboot', '102'], 255, 'VM 102 not running\n');
});

test.run();
