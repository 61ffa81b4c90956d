// Config files as PVE writes them (pve-container PVE/LXC/Config.pm `write_pct_config`, qemu-server
// PVE/QemuServer.pm `write_vm_config`), parsed as PVE parses them (`parse_pct_config`, `parse_vm_config`).
// Samples marked "real" were captured from a real PVE 9 node (pve-container 6.1.10, qemu-server 9.2.6).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeText, guestFromConf, parseConf, parsePendingDelete } from '../../src/runner/facts/parse-conf.js';

// real: `pct set 7771 --nameserver 1.1.1.1 --features nesting=1 --memory 300; pct set 7771 --delete searchdomain` on a
// running CT (memory is hot-pluggable, features/nameserver/searchdomain are not)
const CT_PENDING = `arch: amd64
hostname: ct7771
memory: 300
ostype: debian
rootfs: local-btrfs:7771/vm-7771-disk-0.raw,size=1G
searchdomain: example.org
swap: 512
unprivileged: 1

[pve:pending]
delete: searchdomain
features: nesting=1
nameserver: 1.1.1.1
`;

// real: a snapshot with a description, then tags set; the description percent-encoded UTF-8 (`encode_text`)
const CT_SNAPSHOT = `#caf%C3%A9 line1
#line2%3A 100%25
arch: amd64
hostname: a-rather-long-hostname-for-columns
memory: 300
parent: base
rootfs: local-btrfs:950/vm-950-disk-0.raw,size=1G
tags: phoenix;x
unprivileged: 1

[base]
#first snap
arch: amd64
hostname: a-rather-long-hostname-for-columns
memory: 256
rootfs: local-btrfs:950/vm-950-disk-0.raw,size=1G
snaptime: 1796164315
unprivileged: 1
`;

// real: an LXC snapshot may be called PENDING (only `current` and `vzdump` are reserved for CTs); `pct listsnapshot`
// lists it
const CT_SNAPSHOT_NAMED_PENDING = `arch: amd64
hostname: ct951
parent: PENDING

[PENDING]
arch: amd64
hostname: ct951
parent: snap1
snaptime: 1796164399

[snap1]
arch: amd64
hostname: ct951
snaptime: 1796164395
`;

// write_vm_config's order: current, [PENDING] (with its description as `#` lines and `delete:`), [special:*], snapshots
const VM_ALL_SECTIONS = `#VM%20one
boot: order=scsi0
cores: 2
ide2: local-lvm:vm-1000-cloudinit,media=cdrom
ipconfig0: ip=dhcp
memory: 2048
name: web
parent: snapA
scsi0: local-lvm:vm-1000-disk-0,iothread=1,size=16G

[PENDING]
#VM%20two
delete: !agent,balloon;tags
memory: 4096

[special:cloudinit]
added: ipconfig0
ciuser: root

[special:fleecing]
fleecing-images: local-lvm:vm-1000-fleece-0

[special:unknownthing]
name: not-the-guest

[snapA]
#before the upgrade
memory: 1024
name: web
snaptime: 1796164447
tags: phoenix
`;

test('LXC [pve:pending]: pending keys, its delete list, never a snapshot', () => {
  const p = parseConf(CT_PENDING, 'lxc');
  assert.equal(p.pending, { features: 'nesting=1', nameserver: '1.1.1.1' });
  assert.equal(p.pendingDelete, ['searchdomain']);
  assert.equal(p.snapshots, []);
  assert.equal([p.config.memory, p.config.searchdomain, p.config.features], ['300', 'example.org', undefined], 'current section only');
});

test('LXC snapshots: names sorted, each section\'s keys and description kept apart from the current one', () => {
  const p = parseConf(CT_SNAPSHOT, 'lxc');
  assert.equal(p.snapshots, ['base']);
  assert.equal(p.snapshotConfig.base, { description: 'first snap', arch: 'amd64', hostname: 'a-rather-long-hostname-for-columns', memory: '256', rootfs: 'local-btrfs:950/vm-950-disk-0.raw,size=1G', snaptime: '1796164315', unprivileged: '1' });
  assert.equal([p.config.memory, p.config.tags, p.description], ['300', 'phoenix;x', 'café line1\nline2: 100%']);
  const named = parseConf(CT_SNAPSHOT_NAMED_PENDING, 'lxc');
  assert.equal([named.snapshots, named.pending], [['PENDING', 'snap1'], {}]);
});

test('qemu: [PENDING] with delete, [special:cloudinit] / [special:fleecing] / unknown sections skipped, snapshots', () => {
  const p = parseConf(VM_ALL_SECTIONS, 'qemu');
  assert.equal(p.snapshots, ['snapA'], 'never PENDING or special:*');
  assert.equal(p.pending, { memory: '4096', description: 'VM two' });
  assert.equal(p.pendingDelete, ['agent', 'balloon', 'tags'], 'AbstractConfig.pm parse_pending_delete: , ; and blanks, ! = force');
  assert.equal(p.snapshotConfig, { snapA: { description: 'before the upgrade', memory: '1024', name: 'web', snaptime: '1796164447', tags: 'phoenix' } });
  assert.equal([p.config.memory, p.config.name, p.config.ciuser, p.config['fleecing-images'], p.description], ['2048', 'web', undefined, undefined, 'VM one']);
});

test('raw lxc.* lines: `key: value` and `key = value`, values trimmed, current section only, file order', () => {
  const p = parseConf('hostname: a\nlxc.apparmor.profile = unconfined  \nlxc.cgroup2.devices.allow: c 226:* rwm\nlxc.mount.entry:/dev/dri dev/dri none bind,optional,create=dir\nmemory:   512   \n\n[snap]\nlxc.idmap: u 0 100000 65536\n', 'lxc');
  assert.equal(p.rawLxc, ['lxc.apparmor.profile: unconfined', 'lxc.cgroup2.devices.allow: c 226:* rwm', 'lxc.mount.entry: /dev/dri dev/dri none bind,optional,create=dir']);
  assert.equal(p.config, { hostname: 'a', memory: '512' });
  assert.equal(parseConf('lxc.cap.drop = sys_admin\n', 'qemu').rawLxc, [], 'a VM has no raw lxc lines');
});

test('what PVE does not parse is skipped: empty values, bad keys, lines of an unknown section', () => {
  const p = parseConf('hostname: a\nswap:\nMemory: 5\n9cores: 2\nnot a line\n[weird section]\nmemory: 9\n', 'lxc');
  assert.equal(p.config, { hostname: 'a' });
  assert.equal(p.snapshots, []);
});

test('descriptions: percent-encoded UTF-8 decoded as runs (decode_text), the `description:` key form too', () => {
  assert.is(decodeText('caf%C3%A9 %E2%9C%93 100%25 %zz'), 'café ✓ 100% %zz');
  assert.is(decodeText('%FF'), '\uFFFD', 'invalid UTF-8 becomes U+FFFD, as Encode::decode does');
  // real: `pct config` prints the description as a key, with its trailing newline encoded
  const cli = parseConf('arch: amd64\ndescription: caf%C3%A9 line1%0Aline2%3A 100%25%0A\nhostname: x\n', 'lxc');
  assert.equal([cli.description, cli.config.description], ['café line1\nline2: 100%', undefined]);
  assert.is(parseConf('#one  \n#\n#two\nname: v\n', 'qemu').description, 'one  \n\ntwo', 'qemu strips only trailing blanks of the whole');
});

test('pending delete lists as PVE writes and reads them', () => {
  assert.equal(parsePendingDelete('net1,!mp0'), ['mp0', 'net1']);
  assert.equal(parsePendingDelete(' a; b  c,a'), ['a', 'b', 'c']);
});

test('guestFromConf: name and template from the file (boolean words as check_type reads them), lock', () => {
  const ct = guestFromConf('950', 'lxc', 'pve', 'hostname: web\ntemplate: yes\nlock: backup\n', 'stopped');
  assert.equal([ct.name, ct.template, ct.lock, ct.status], ['web', true, 'backup', 'stopped']);
  const vm = guestFromConf('9000', 'qemu', 'pve', 'memory: 512\ncdrom: none\n', 'unknown');
  assert.equal([vm.name, vm.template, vm.status, vm.config.ide2], [undefined, false, 'unknown', 'none'], 'no name key: none (not the list\'s `VM 9000`); cdrom is read as ide2');
});

test.run();
