// A fresh state's host dir looks like a fresh PVE node's root for what `phoenix setup` touches, in formats the
// machine's real shadow tools accept (useradd --prefix, chpasswd --root).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const sim = makeSimState();
const host = join(sim.dir, 'host');
const read = (rel: string): string => readFileSync(join(host, rel), 'utf8');
const tool = (name: string): boolean => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

test.before(() => { assert.is(sim.run(['pvesm', 'status']).code, 0); });
test.after(() => sim.cleanup());

test('account files: root and the system accounts, a sudo group, consistent shadow files', () => {
  const passwd = read('etc/passwd').split('\n').filter(Boolean);
  assert.is(passwd[0], 'root:x:0:0:root:/root:/bin/bash');
  for (const l of passwd) assert.is(l.split(':').length, 7, l);
  assert.ok(passwd.some((l) => l.startsWith('nobody:x:65534:65534:')));
  const group = read('etc/group');
  assert.match(group, /^sudo:x:27:$/m);
  assert.match(group, /^root:x:0:$/m);
  const names = (text: string): string[] => text.split('\n').filter(Boolean).map((l) => l.split(':')[0] as string);
  assert.equal(names(read('etc/shadow')), names(read('etc/passwd')));
  assert.equal(names(read('etc/gshadow')), names(group));
  for (const l of read('etc/shadow').split('\n').filter(Boolean)) assert.is(l.split(':').length, 9, l);
  assert.is(statSync(join(host, 'etc/shadow')).mode & 0o777, 0o640);
  assert.is(statSync(join(host, 'etc/gshadow')).mode & 0o777, 0o640);
});

test('service files: an empty /etc/exports and an smb.conf with only [global]', () => {
  assert.is(read('etc/exports'), '');
  const smb = read('etc/samba/smb.conf');
  assert.match(smb, /^\[global\]\n/);
  assert.equal(smb.match(/^\[.*\]$/gm), ['[global]']);
});

test('existing host files are left alone on a fresh state', () => {
  const other = makeSimState();
  try {
    mkdirSync(join(other.dir, 'host/etc'), { recursive: true });
    writeFileSync(join(other.dir, 'host/etc/exports'), '/srv *(ro)\n');
    assert.is(other.run(['pct', 'list']).code, 0);
    assert.is(readFileSync(join(other.dir, 'host/etc/exports'), 'utf8'), '/srv *(ro)\n');
    assert.match(readFileSync(join(other.dir, 'host/etc/passwd'), 'utf8'), /^root:x:0:0:/);
  } finally {
    other.cleanup();
  }
});

test('the real useradd --prefix and chpasswd --root work on them (user group, sudo membership, hash)', () => {
  if (!tool('useradd') || !tool('chpasswd')) return;
  let r = spawnSync('useradd', ['--prefix', host, '-m', '-s', '/bin/bash', '-G', 'sudo', 'phoenix_admin'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  r = spawnSync('chpasswd', ['-e', '--root', host], { input: 'phoenix_admin:$6$salt$hash\n', encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.match(read('etc/passwd'), /^phoenix_admin:x:1000:1000::\/home\/phoenix_admin:\/bin\/bash$/m);
  assert.match(read('etc/group'), /^sudo:x:27:phoenix_admin$/m);
  assert.match(read('etc/group'), /^phoenix_admin:x:1000:$/m);
  assert.match(read('etc/shadow'), /^phoenix_admin:\$6\$salt\$hash:/m);
  assert.match(read('etc/gshadow'), /^sudo:\*::phoenix_admin$/m);
  assert.ok(statSync(join(host, 'home/phoenix_admin')).isDirectory());
});

test.run();
