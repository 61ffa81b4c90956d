import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const sim = makeSimState();
const conf = (id: string): string => readFileSync(join(sim.dir, 'etc/pve/nodes/pve/lxc', `${id}.conf`), 'utf8');
const ok = (argv: string[]): string => {
  const r = sim.run(argv);
  assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const fails = (argv: string[], code: number, stderr: string): void => {
  const r = sim.run(argv);
  assert.equal([r.code, r.stderr], [code, stderr], argv.join(' '));
};

test.before(() => {
  ok(['pct', 'create', '900', TPL, '--storage', 'local-lvm', '--hostname', 'base', '--net0', 'name=eth0,bridge=vmbr0,ip=dhcp', '--tags', 'tpl']);
  ok(['pct', 'set', '900', '--description', 'the base']);
  ok(['pct', 'start', '900']);
  ok(['pct', 'exec', '900', '--', 'sh', '-c', 'echo v1 > /root/state']);
});
test.after(() => sim.cleanup());

test('snapshot: section with parent/snaptime, snapshot description, no main description', () => {
  ok(['pct', 'snapshot', '900', 'snap1', '--description', 'first']);
  const text = conf('900');
  assert.match(text, /^parent: snap1$/m);
  const section = text.split('\n[snap1]\n')[1] ?? '';
  assert.ok(section.startsWith('#first\narch: amd64\n'), section);
  assert.match(section, /^snaptime: \d+$/m);
  assert.match(section, /^tags: tpl$/m);
  assert.not.match(section, /the base/);
  assert.match(ok(['pct', 'config', '900', '--snapshot', 'snap1']), /^description: first%0A$/m);
});

test('snapshot errors verbatim', () => {
  fails(['pct', 'snapshot', '900', 'snap1'], 255, "snapshot name 'snap1' already used\n");
  fails(['pct', 'snapshot', '900', 'current'], 255, "unable to use snapshot name 'current' (reserved name)\n");
  fails(['pct', 'snapshot', '900', '1x'], 255, "400 Parameter verification failed.\nsnapname: invalid format - invalid configuration ID '1x'\n\npct snapshot <vmid> <snapname> [OPTIONS]\n");
  fails(['pct', 'config', '900', '--snapshot', 'nope'], 255, "snapshot 'nope' does not exist\n");
  fails(['pct', 'delsnapshot', '900', 'nope'], 255, "snapshot 'nope' does not exist\n");
});

test('listsnapshot prints the tree with current last', () => {
  ok(['pct', 'snapshot', '900', 'snap2']);
  const lines = ok(['pct', 'listsnapshot', '900']).split('\n');
  assert.match(lines[0] ?? '', /^`-> snap1 {23}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {5}first$/);
  assert.match(lines[1] ?? '', /^ `-> snap2 {22}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {5}no-description$/);
  assert.is(lines[2], `  \`-> current${' '.repeat(18)} ${' '.repeat(23)} You are here!`);
});

test('rollback restores the root dir and config; running CT is stopped', () => {
  ok(['pct', 'exec', '900', '--', 'sh', '-c', 'echo v2 > /root/state']);
  ok(['pct', 'set', '900', '--memory', '999']);
  ok(['pct', 'rollback', '900', 'snap1']);
  assert.equal(ok(['pct', 'status', '900']), 'status: stopped\n');
  assert.is(readFileSync(join(sim.dir, 'volumes/local-lvm/vm-900-disk-0/root/state'), 'utf8'), 'v1\n');
  assert.match(conf('900'), /^memory: 512$/m);
  assert.match(conf('900'), /^parent: snap1$/m);
  assert.ok(conf('900').startsWith('#the base\n'));
});

test('clone from a snapshot: copies the snapshot root, new MAC, no snapshots/description of main', () => {
  const out = ok(['pct', 'clone', '900', '901', '--hostname', 'c1', '--snapname', 'snap1']);
  assert.is(out, 'creating a clone of container 900 with ID 901\ncreate full clone of mountpoint rootfs (local-lvm:vm-900-disk-0)\n');
  const c = conf('901');
  assert.match(c, /^hostname: c1$/m);
  assert.match(c, /^rootfs: local-lvm:vm-901-disk-0,size=4G$/m);
  assert.match(c, /^tags: tpl$/m);
  assert.not.match(c, /^\[|^parent:|^snaptime:|the base/m);
  assert.ok(c.startsWith('#first\n'));
  assert.not.equal(/hwaddr=([0-9A-F:]+)/.exec(c)?.[1], /hwaddr=([0-9A-F:]+)/.exec(conf('900'))?.[1]);
  assert.is(readFileSync(join(sim.dir, 'volumes/local-lvm/vm-901-disk-0/root/state'), 'utf8'), 'v1\n');
});

test('clone errors', () => {
  fails(['pct', 'clone', '900', '901'], 255, "CT 901 already exists on node 'pve'\n");
  fails(['pct', 'clone', '900', '905', '--snapname', 'nope'], 255, "snapshot 'nope' does not exist\n");
  fails(['pct', 'clone', '900', '905', '--full', '0'], 255, "Linked clone feature for 'local-lvm:vm-900-disk-0' is not available\n");
  fails(['pct', 'clone', '900', '905', '--full', '0', '--storage', 'local-lvm'], 255, "parameter 'storage' not allowed for linked clones\n");
  fails(['pct', 'clone', '998', '905'], 2, "Configuration file 'nodes/pve/lxc/998.conf' does not exist\n");
  ok(['pct', 'start', '901']);
  fails(['pct', 'clone', '901', '905'], 255, 'Full clone of a running container is only possible from a snapshot\n');
  ok(['pct', 'stop', '901']);
});

test('template: refused with snapshots; volumes become base-; linked clone by default', () => {
  fails(['pct', 'template', '900'], 255, 'unable to create template, because CT contains snapshots\n');
  ok(['pct', 'delsnapshot', '900', 'snap2']);
  ok(['pct', 'delsnapshot', '900', 'snap1']);
  assert.not.match(conf('900'), /^parent:|\[snap/m);
  ok(['pct', 'template', '900']);
  assert.match(conf('900'), /^rootfs: local-lvm:base-900-disk-0,size=4G$/m);
  assert.match(conf('900'), /^template: 1$/m);
  assert.ok(existsSync(join(sim.dir, 'volumes/local-lvm/base-900-disk-0/root/state')));
  fails(['pct', 'template', '900'], 255, "you can't convert a template to a template\n");
  fails(['pct', 'start', '900'], 255, "you can't start a CT if it's a template\n");
  fails(['pct', 'snapshot', '900', 'sx'], 255, "you can't take a snapshot if it's a template\n");
  const out = ok(['pct', 'clone', '900', '902', '--hostname', 'linked']);
  assert.match(out, /create linked clone of mount point rootfs \(local-lvm:base-900-disk-0\)/);
  assert.match(conf('902'), /^rootfs: local-lvm:base-900-disk-0\/vm-902-disk-0,size=4G$/m);
  assert.not.match(conf('902'), /^template:/m);
  fails(['pct', 'destroy', '900'], 255, "base volume 'local-lvm:base-900-disk-0' is still in use by linked cloned\n");
  assert.ok(existsSync(join(sim.dir, 'etc/pve/nodes/pve/lxc/900.conf')));
});

test('resize: grow absolute and relative, shrink and equal refused', () => {
  assert.match(ok(['pct', 'resize', '901', 'rootfs', '+2G']), /successfully resized/);
  assert.match(conf('901'), /^rootfs: local-lvm:vm-901-disk-0,size=6G$/m);
  ok(['pct', 'resize', '901', 'rootfs', '8G']);
  assert.match(conf('901'), /size=8G$/m);
  fails(['pct', 'resize', '901', 'rootfs', '7G'], 255, 'unable to shrink disk size\n');
  fails(['pct', 'resize', '901', 'rootfs', '8G'], 255, 'disk is already at specified size\n');
});

test('set --mpN allocates a volume; --delete moves it to unusedN; deleting unusedN frees it', () => {
  ok(['pct', 'set', '901', '--mp0', 'local-lvm:3,mp=/srv/data,backup=1']);
  assert.match(conf('901'), /^mp0: local-lvm:vm-901-disk-1,mp=\/srv\/data,backup=1,size=3G$/m);
  ok(['pct', 'set', '901', '--delete', 'mp0']);
  assert.match(conf('901'), /^unused0: local-lvm:vm-901-disk-1$/m);
  ok(['pct', 'set', '901', '--delete', 'unused0']);
  assert.not.match(conf('901'), /unused0/);
  assert.not.ok(existsSync(join(sim.dir, 'volumes/local-lvm/vm-901-disk-1')));
});

test.run();
