import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const sim = makeSimState();
const ok = (argv: string[]): string => {
  const r = sim.run(argv);
  assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const fails = (argv: string[], code: number, stderr: string): void => {
  const r = sim.run(argv);
  assert.equal([r.code, r.stderr], [code, stderr], argv.join(' '));
};
test.after(() => sim.cleanup());

test('zpool create / list / status', () => {
  assert.is(ok(['zpool', 'list']), 'no pools available\n');
  ok(['zpool', 'create', '-f', '-o', 'ashift=12', '-O', 'compression=lz4', 'tank', 'mirror', '/dev/sdb', '/dev/sdc']);
  assert.is(ok(['zpool', 'list', '-H', '-o', 'name,size,health']), 'tank\t100G\tONLINE\n');
  const lines = ok(['zpool', 'list']).split('\n');
  assert.is(lines[0], 'NAME  SIZE  ALLOC  FREE  CKPOINT  EXPANDSIZE  FRAG  CAP  DEDUP  HEALTH  ALTROOT');
  assert.match(ok(['zpool', 'status', 'tank']), /^ {2}pool: tank\n state: ONLINE\n[\s\S]*\t {2}mirror-0 +ONLINE[\s\S]*errors: No known data errors\n$/);
  fails(['zpool', 'create', 'tank', '/dev/sdd'], 1, "cannot create 'tank': pool already exists\n");
  fails(['zpool', 'list', 'nope'], 1, "cannot open 'nope': no such pool\n");
  assert.is(sim.run(['zpool', 'create', 'x']).code, 2);
});

test('zfs create / set / get / list with documented errors', () => {
  ok(['zfs', 'create', 'tank/data']);
  ok(['zfs', 'create', '-o', 'quota=10G', '-o', 'mountpoint=/srv/media', 'tank/media']);
  assert.ok(existsSync(join(sim.dir, 'host/tank/data')));
  assert.ok(existsSync(join(sim.dir, 'host/srv/media')));
  fails(['zfs', 'create', 'tank/data'], 1, "cannot create 'tank/data': dataset already exists\n");
  fails(['zfs', 'create', 'tank/a/b'], 1, "cannot create 'tank/a/b': parent does not exist\n");
  fails(['zfs', 'create', 'pool9/x'], 1, "cannot create 'pool9/x': no such pool 'pool9'\n");
  fails(['zfs', 'set', 'atime=off', 'tank/nope'], 1, "cannot open 'tank/nope': dataset does not exist\n");
  ok(['zfs', 'set', 'atime=off', 'tank/data']);
  assert.is(ok(['zfs', 'get', '-H', '-o', 'value', 'atime', 'tank/data']), 'off\n');
  assert.is(ok(['zfs', 'get', '-H', '-p', '-o', 'value', 'quota', 'tank/media']), '10737418240\n');
  assert.is(ok(['zfs', 'get', 'compression,quota', 'tank/media']),
    'NAME        PROPERTY     VALUE  SOURCE\ntank/media  compression  lz4    inherited from tank\ntank/media  quota        10G    local\n');
  assert.is(ok(['zfs', 'get', '-H', 'mountpoint', 'tank/data']), 'tank/data\tmountpoint\t/tank/data\tdefault\n');
  const list = ok(['zfs', 'list']).split('\n');
  assert.is(list[0], 'NAME        USED  AVAIL  REFER  MOUNTPOINT');
  assert.match(list[3] ?? '', /^tank\/media +96K +10\.0G +96K {2}\/srv\/media$/);
  assert.is(ok(['zfs', 'list', '-H', '-o', 'name', '-r', 'tank/data']), 'tank/data\n');
  fails(['zfs', 'list', 'tank/x'], 1, "cannot open 'tank/x': dataset does not exist\n");
});

test('zfs destroy: children need -r', () => {
  ok(['zfs', 'create', '-p', 'tank/data/a/b']);
  fails(['zfs', 'destroy', 'tank/data'], 1, "cannot destroy 'tank/data': filesystem has children\nuse '-r' to destroy the following datasets:\ntank/data/a\ntank/data/a/b\n");
  ok(['zfs', 'destroy', '-r', 'tank/data/a']);
  assert.is(ok(['zfs', 'list', '-H', '-o', 'name', '-r', 'tank/data']), 'tank/data\n');
});

test('pvesm add/set/remove write storage.cfg; a zfspool storage needs its pool', () => {
  fails(['pvesm', 'add', 'zfspool', 'bad', '--pool', 'tank/nope'], 255, "create storage failed: zfs error: cannot open 'tank/nope': dataset does not exist\n");
  ok(['pvesm', 'add', 'zfspool', 'tank-data', '--pool', 'tank/data', '--content', 'images,rootdir', '--sparse', '1']);
  ok(['pvesm', 'add', 'dir', 'backup', '--path', '/mnt/backup', '--content', 'backup,iso']);
  ok(['pvesm', 'add', 'nfs', 'share', '--server', '10.0.0.2', '--export', '/srv/nfs', '--content', 'backup']);
  fails(['pvesm', 'add', 'dir', 'backup', '--path', '/x'], 255, "create storage failed: storage ID 'backup' already defined\n");
  fails(['pvesm', 'add', 'dir', 'nopath'], 255, '400 Parameter verification failed.\npath: property is missing and it is not optional\npvesm add <type> <storage> [OPTIONS]\n');
  ok(['pvesm', 'set', 'backup', '--content', 'backup']);
  const cfg = readFileSync(join(sim.dir, 'etc/pve/storage.cfg'), 'utf8');
  assert.match(cfg, /\nzfspool: tank-data\n\tpool tank\/data\n\tcontent images,rootdir\n\tsparse 1\n/);
  assert.match(cfg, /\ndir: backup\n\tpath \/mnt\/backup\n\tcontent backup\n/);
  assert.match(cfg, /\nnfs: share\n\texport \/srv\/nfs\n\tserver 10\.0\.0\.2\n\tpath \/mnt\/pve\/share\n\tcontent backup\n/);
  assert.ok(existsSync(join(sim.dir, 'host/mnt/backup')));
  assert.match(ok(['pvesm', 'status']), /^tank-data +zfspool +active /m);
  ok(['pvesm', 'remove', 'share']);
  fails(['pvesm', 'remove', 'share'], 255, "delete storage failed: storage 'share' does not exist\n");
});

test('containers on zfspool storage get subvol datasets; ZFS rollback only to the newest snapshot', () => {
  ok(['pct', 'create', '300', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--rootfs', 'tank-data:4']);
  assert.match(ok(['pct', 'config', '300']), /^rootfs: tank-data:subvol-300-disk-0,size=4G$/m);
  assert.is(ok(['zfs', 'get', '-H', '-o', 'value', 'refquota', 'tank/data/subvol-300-disk-0']), '4G\n');
  assert.ok(existsSync(join(sim.dir, 'host/tank/data/subvol-300-disk-0/etc/os-release')));
  ok(['pct', 'snapshot', '300', 's1']);
  ok(['pct', 'snapshot', '300', 's2']);
  fails(['pct', 'rollback', '300', 's1'], 255, "can't rollback, 's1' is not most recent snapshot on 'tank-data:subvol-300-disk-0'\n");
  ok(['pct', 'rollback', '300', 's2']);
  ok(['pct', 'delsnapshot', '300', 's2']);
  ok(['pct', 'delsnapshot', '300', 's1']);
  ok(['pct', 'template', '300']);
  assert.match(ok(['pct', 'config', '300']), /^rootfs: tank-data:basevol-300-disk-0,size=4G$/m);
  assert.is(ok(['zfs', 'list', '-H', '-o', 'name', '-r', 'tank/data']), 'tank/data\ntank/data/basevol-300-disk-0\n');
});

test.run();
