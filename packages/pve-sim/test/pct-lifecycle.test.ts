import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const sim = makeSimState();
const conf = (id: string): string => readFileSync(join(sim.dir, 'etc/pve/nodes/pve/lxc', `${id}.conf`), 'utf8');

test.after(() => sim.cleanup());

test('a fresh node lists no containers (no output at all)', () => {
  assert.equal(sim.run(['pct', 'list']), { code: 0, stdout: '', stderr: '' });
});

test('create writes a real-format config, sorted, with a generated MAC', () => {
  const r = sim.run(['pct', 'create', '950', TPL, '--hostname', 'web1', '--memory', '1024', '--cores', '2',
    '--rootfs', 'local-lvm:8', '--net0', 'name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1', '--features', 'nesting=1',
    '--nameserver', '1.1.1.1', '--onboot', 'yes', '--tags', 'web;Prod,web']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /Logical volume "vm-950-disk-0" created\./);
  assert.match(r.stdout, /extracting archive '\/var\/lib\/vz\/template\/cache\/debian-12-standard_12\.7-1_amd64\.tar\.zst'/);
  const text = conf('950');
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.map((l) => l.split(':')[0]), ['arch', 'cores', 'features', 'hostname', 'memory', 'nameserver', 'net0', 'onboot', 'ostype', 'rootfs', 'swap', 'tags', 'unprivileged']);
  assert.match(text, /^net0: name=eth0,bridge=vmbr0,gw=10\.0\.0\.1,hwaddr=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},ip=10\.0\.0\.5\/24,type=veth$/m);
  assert.match(text, /^rootfs: local-lvm:vm-950-disk-0,size=8G$/m);
  assert.match(text, /^onboot: 1$/m);
  assert.match(text, /^tags: prod;web$/m);
  assert.match(text, /^ostype: debian$/m);
  assert.ok(existsSync(join(sim.dir, 'volumes/local-lvm/vm-950-disk-0/etc/os-release')));
});

test('pct config prints the sorted keys; status/list reflect the guest', () => {
  const r = sim.run(['pct', 'config', '950']);
  assert.is(r.code, 0);
  assert.ok(r.stdout.startsWith('arch: amd64\ncores: 2\nfeatures: nesting=1\nhostname: web1\nmemory: 1024\n'));
  assert.equal(sim.run(['pct', 'status', '950']).stdout, 'status: stopped\n');
  assert.equal(sim.run(['pct', 'list']).stdout,
    'VMID       Status     Lock         Name                \n950        stopped                 web1                \n');
});

test('create errors: existing id, missing template, storage without rootdir', () => {
  let r = sim.run(['pct', 'create', '950', TPL]);
  assert.equal([r.code, r.stderr], [255, "CT 950 already exists on node 'pve'\n"]);
  r = sim.run(['pct', 'create', '951', 'local:vztmpl/nope.tar.zst', '--rootfs', 'local-lvm:4']);
  assert.equal([r.code, r.stderr], [255, "unable to create CT 951 - can't find file 'local:vztmpl/nope.tar.zst'\n"]);
  r = sim.run(['pct', 'create', '951', TPL]);
  assert.is(r.code, 255);
  assert.is(r.stderr, "400 Parameter verification failed.\nstorage: storage 'local' does not support container directories\npct create <vmid> <ostemplate> [OPTIONS]\n");
  assert.not.ok(existsSync(join(sim.dir, 'etc/pve/nodes/pve/lxc/951.conf')));
});

test('create from an absolute template path on the node', () => {
  const r = sim.run(['pct', 'create', '952', '/var/lib/vz/template/cache/debian-12-standard_12.7-1_amd64.tar.zst', '--storage', 'local-lvm']);
  assert.is(r.code, 0, r.stderr);
  assert.match(conf('952'), /^rootfs: local-lvm:vm-952-disk-0,size=4G$/m);
  assert.match(conf('952'), /^hostname: CT952$/m);
  assert.match(conf('952'), /^memory: 512$/m);
});

test('missing config: exit 2 with the AbstractConfig message', () => {
  const r = sim.run(['pct', 'config', '999']);
  assert.equal([r.code, r.stderr], [2, "Configuration file 'nodes/pve/lxc/999.conf' does not exist\n"]);
  assert.is(sim.run(['pct', 'status', '999']).code, 2);
});

test('option syntax: -x v, --x=v, boolean words; errors verbatim', () => {
  assert.is(sim.run(['pct', 'set', '952', '-memory', '768']).code, 0);
  assert.is(sim.run(['pct', 'set', '952', '--swap=256', '--onboot', 'off']).code, 0);
  assert.match(conf('952'), /^memory: 768$/m);
  assert.match(conf('952'), /^swap: 256$/m);
  assert.match(conf('952'), /^onboot: 0$/m);
  let r = sim.run(['pct', 'set', '952', '--onboot', 'maybe']);
  assert.equal([r.code, r.stderr], [255, '400 unable to parse boolean option\npct set <vmid> [OPTIONS]\n']);
  r = sim.run(['pct', 'set', '952', '--memroy', '1']);
  assert.equal([r.code, r.stderr], [255, 'Unknown option: memroy\n400 unable to parse option\npct set <vmid> [OPTIONS]\n']);
  r = sim.run(['pct', 'set', '952', '--memory', 'abc']);
  assert.is(r.stderr, "400 Parameter verification failed.\nmemory: type check ('integer') failed - got 'abc'\npct set <vmid> [OPTIONS]\n");
  r = sim.run(['pct', 'set', '99', '--memory', '512']);
  assert.is(r.stderr, '400 Parameter verification failed.\nvmid: invalid format - value does not look like a valid VM ID\n\npct set <vmid> [OPTIONS]\n');
  r = sim.run(['pct', 'start']);
  assert.equal([r.code, r.stderr], [255, '400 not enough arguments\npct start <vmid> [OPTIONS]\n']);
  r = sim.run(['pct', 'foo']);
  assert.is(r.code, 255);
  assert.ok(r.stderr.startsWith("ERROR: unknown command 'pct foo'\nUSAGE: pct <COMMAND> [ARGS] [OPTIONS]\n"));
});

test('set: delete rules, read-only and required options, warnings', () => {
  let r = sim.run(['pct', 'set', '952']);
  assert.equal([r.code, r.stderr], [255, 'no options specified\n']);
  r = sim.run(['pct', 'set', '952', '--delete', 'memory']);
  assert.equal([r.code, r.stderr], [255, "unable to delete required option 'memory'\n"]);
  r = sim.run(['pct', 'set', '952', '--unprivileged', '0']);
  assert.equal([r.code, r.stderr], [255, "unable to modify read-only option: 'unprivileged'\n"]);
  r = sim.run(['pct', 'set', '952', '--delete', 'cores,onboot']);
  assert.equal([r.code, r.stderr], [0, "cannot delete 'cores' - not set in current configuration!\n"]);
  assert.not.match(conf('952'), /^onboot:/m);
});

test('description: # lines in the file, encode_text in pct config', () => {
  assert.is(sim.run(['pct', 'set', '952', '--description', 'hello\nport: 50%']).code, 0);
  assert.ok(conf('952').startsWith('#hello\n#port%3A 50%25\narch: amd64\n'));
  assert.match(sim.run(['pct', 'config', '952']).stdout, /^description: hello%0Aport%3A 50%25%0A$/m);
});

test('net without hwaddr gets a fresh MAC on every set', () => {
  sim.run(['pct', 'set', '952', '--net0', 'name=eth0,bridge=vmbr0,firewall=yes']);
  const a = /hwaddr=([0-9A-F:]+)/.exec(conf('952'))?.[1];
  sim.run(['pct', 'set', '952', '--net0', 'name=eth0,bridge=vmbr0,firewall=1']);
  const b = /hwaddr=([0-9A-F:]+)/.exec(conf('952'))?.[1];
  assert.ok(a && b && a !== b);
  assert.match(conf('952'), /^net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=[0-9A-F:]{17},type=veth$/m);
});

test('power: start/stop errors verbatim; pending values applied at start', () => {
  assert.is(sim.run(['pct', 'start', '952']).code, 0);
  assert.equal(sim.run(['pct', 'status', '952']).stdout, 'status: running\n');
  let r = sim.run(['pct', 'start', '952']);
  assert.equal([r.code, r.stderr], [255, 'CT 952 already running\n']);
  // hostname is a fast-plug option and memory hot-pluggable; nameserver waits (LXC/Config.pm vmconfig_hotplug_pending)
  sim.run(['pct', 'set', '952', '--hostname', 'renamed', '--memory', '1024', '--nameserver', '9.9.9.9']);
  assert.match(conf('952'), /\n\[pve:pending\]\nnameserver: 9\.9\.9\.9\n/);
  assert.match(conf('952'), /^memory: 1024$/m);
  assert.match(conf('952'), /^hostname: renamed$/m);
  assert.match(sim.run(['pct', 'config', '952']).stdout, /^nameserver: 9\.9\.9\.9$/m);
  assert.not.match(sim.run(['pct', 'config', '952', '--current']).stdout, /^nameserver:/m);
  assert.is(sim.run(['pct', 'reboot', '952']).code, 0);
  assert.not.match(conf('952'), /pve:pending/);
  assert.match(conf('952'), /^nameserver: 9\.9\.9\.9$/m);
  assert.is(sim.run(['pct', 'shutdown', '952']).code, 0);
  r = sim.run(['pct', 'stop', '952']);
  assert.equal([r.code, r.stderr], [255, 'CT 952 not running\n']);
  r = sim.run(['pct', 'stop', '12345']);
  assert.equal([r.code, r.stderr], [255, 'CT 12345 not running\n']);
  r = sim.run(['pct', 'reboot', '952']);
  assert.equal([r.code, r.stderr], [255, 'VM 952 not running\n']);
});

test('locks: CT is locked (backup), unlock', () => {
  assert.is(sim.run(['pct', 'set', '952', '--lock', 'backup']).code, 0);
  let r = sim.run(['pct', 'start', '952']);
  assert.equal([r.code, r.stderr], [255, 'CT is locked (backup)\n']);
  r = sim.run(['pct', 'set', '952', '--memory', '600']);
  assert.equal([r.code, r.stderr], [255, 'CT is locked (backup)\n']);
  assert.match(sim.run(['pct', 'list']).stdout, /^952 +stopped +backup +renamed/m);
  assert.is(sim.run(['pct', 'unlock', '952']).code, 0);
  r = sim.run(['pct', 'unlock', '952']);
  assert.equal([r.code, r.stderr], [255, 'no lock found trying to remove any lock\n']);
});

test('destroy: running refused, --force stops, volumes and config removed', () => {
  sim.run(['pct', 'start', '952']);
  let r = sim.run(['pct', 'destroy', '952']);
  assert.equal([r.code, r.stderr], [255, 'unable to destroy CT 952 - container is running\n']);
  r = sim.run(['pct', 'destroy', '952', '--force', '--purge']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /forced to stop CT 952 before destroying!/);
  assert.match(r.stdout, /Logical volume "vm-952-disk-0" successfully removed\./);
  assert.match(r.stdout, /purging CT 952 from related configurations\.\./);
  assert.not.ok(existsSync(join(sim.dir, 'etc/pve/nodes/pve/lxc/952.conf')));
  assert.not.ok(existsSync(join(sim.dir, 'volumes/local-lvm/vm-952-disk-0')));
  assert.is(sim.run(['pct', 'destroy', '952']).code, 2);
});

test.run();
