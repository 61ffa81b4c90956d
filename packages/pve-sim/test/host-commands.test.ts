// The host commands `phoenix setup` runs on a node: systemctl, exportfs, smbpasswd, pdbedit. State in the state
// dir and the node's host dir, every call in the audit log, a password never in argv, audit or state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState, type SimState } from '../src/harness.js';
import { passwordDigest } from '../src/host/passdb.js';

const last = (sim: SimState): { argv: string[]; code: number; mutating: boolean } => {
  const e = sim.audit().at(-1)!;
  return { argv: e.argv, code: e.code, mutating: e.mutating };
};

const addUnixUser = (sim: SimState, line: string): void => {
  sim.run(['pvesm', 'status']); // initialises the host dir
  appendFileSync(join(sim.dir, 'host', 'etc', 'passwd'), `${line}\n`);
};

test('systemctl: reload-or-restart / reload / restart exit 0 and are audited as mutating; is-active reads', () => {
  const sim = makeSimState();
  try {
    for (const verb of ['reload-or-restart', 'reload', 'restart']) {
      const r = sim.run(['systemctl', verb, 'smbd']);
      assert.equal([r.code, r.stdout, r.stderr], [0, '', ''], verb);
      assert.equal(last(sim), { argv: ['systemctl', verb, 'smbd'], code: 0, mutating: true });
    }
    const a = sim.run(['systemctl', 'is-active', 'smbd', 'nfs-server.service']);
    assert.equal([a.code, a.stdout], [0, 'active\nactive\n']);
    assert.equal(last(sim), { argv: ['systemctl', 'is-active', 'smbd', 'nfs-server.service'], code: 0, mutating: false });
    const units = JSON.parse(readFileSync(join(sim.dir, 'services.json'), 'utf8')) as Record<string, { calls: Record<string, number> }>;
    assert.equal(units['smbd.service']?.calls, { 'reload-or-restart': 1, reload: 1, restart: 1 });
  } finally {
    sim.cleanup();
  }
});

test('systemctl: a stopped unit is inactive (exit 3), cannot be reloaded, and restart brings it back', () => {
  const sim = makeSimState();
  try {
    assert.is(sim.run(['systemctl', 'stop', 'smbd']).code, 0);
    const a = sim.run(['systemctl', 'is-active', 'smbd']);
    assert.equal([a.code, a.stdout], [3, 'inactive\n']);
    assert.is(sim.run(['systemctl', '--quiet', 'is-active', 'smbd']).stdout, '');
    const r = sim.run(['systemctl', 'reload', 'smbd']);
    assert.equal([r.code, r.stderr], [1, 'Failed to reload smbd.service: Unit smbd.service is not active.\n']);
    assert.is(sim.run(['systemctl', 'reload-or-restart', 'smbd']).code, 0);
    assert.is(sim.run(['systemctl', 'is-active', 'smbd']).code, 0);
    const bad = sim.run(['systemctl', 'frobnicate', 'smbd']);
    assert.equal([bad.code, bad.stderr], [1, "Unknown command verb 'frobnicate'.\n"]);
    assert.equal([sim.run(['systemctl', 'restart']).code, sim.run(['systemctl', 'restart']).stderr], [1, 'Too few arguments.\n']);
  } finally {
    sim.cleanup();
  }
});

test('exportfs -ra: exit 0, audited; the export table follows the node\'s /etc/exports; bare exportfs lists it', () => {
  const sim = makeSimState();
  try {
    sim.run(['pvesm', 'status']);
    const exportsFile = join(sim.dir, 'host', 'etc', 'exports');
    writeFileSync(exportsFile, '# managed\n/quickOS/vm-persistent-data 10.0.0.0/24(rw,sync,no_subtree_check) \\\n  10.0.1.5(ro)\n/srv 10.0.0.9(rw)\n');
    const r = sim.run(['exportfs', '-ra']);
    assert.equal([r.code, r.stdout, r.stderr], [0, '', '']);
    assert.equal(last(sim), { argv: ['exportfs', '-ra'], code: 0, mutating: true });
    const etab = readFileSync(join(sim.dir, 'host', 'var', 'lib', 'nfs', 'etab'), 'utf8');
    assert.is(etab, '/quickOS/vm-persistent-data\t10.0.0.0/24(rw,sync,no_subtree_check)\n/quickOS/vm-persistent-data\t10.0.1.5(ro)\n/srv\t10.0.0.9(rw)\n');
    const list = sim.run(['exportfs']);
    assert.is(list.stdout, '/quickOS/vm-persistent-data\n\t\t10.0.0.0/24\n/quickOS/vm-persistent-data\n\t\t10.0.1.5\n/srv          \t10.0.0.9\n');
    assert.is(last(sim).mutating, false);
    writeFileSync(exportsFile, '/srv 10.0.0.9(rw)\n');
    assert.is(sim.run(['exportfs', '-r']).code, 0);
    assert.is(readFileSync(join(sim.dir, 'host', 'var', 'lib', 'nfs', 'etab'), 'utf8'), '/srv\t10.0.0.9(rw)\n', '-r drops what left the file');
    assert.is(sim.run(['exportfs', '-z']).code, 1);
  } finally {
    sim.cleanup();
  }
});

test('smbpasswd -a -s: two password lines on stdin, user stored, "Added user"; the password is nowhere in the audit', () => {
  const sim = makeSimState();
  try {
    addUnixUser(sim, 'heads:x:1000:1000::/home/heads:/bin/bash');
    const secret = 'pa ss$(w)ord';
    const r = sim.run(['smbpasswd', '-a', '-s', 'heads'], { input: `${secret}\n${secret}\n` });
    assert.equal([r.code, r.stdout, r.stderr], [0, 'Added user heads.\n', '']);
    assert.equal(last(sim), { argv: ['smbpasswd', '-a', '-s', 'heads'], code: 0, mutating: true });
    assert.not.match(readFileSync(join(sim.dir, 'audit.jsonl'), 'utf8'), secret);
    const db = readFileSync(join(sim.dir, 'samba-passdb.json'), 'utf8');
    assert.not.match(db, secret);
    assert.equal((JSON.parse(db) as Record<string, unknown>)['heads'], { uid: 1000, fullName: '', passwordSha256: passwordDigest(secret) });
    // again with -a: the password changes, nothing is printed (the user exists)
    const again = sim.run(['smbpasswd', '-a', '-s', 'heads'], { input: 'new\nnew\n' });
    assert.equal([again.code, again.stdout], [0, '']);
    assert.is((JSON.parse(readFileSync(join(sim.dir, 'samba-passdb.json'), 'utf8')) as Record<string, { passwordSha256: string }>)['heads']?.passwordSha256, passwordDigest('new'));
  } finally {
    sim.cleanup();
  }
});

test('smbpasswd: mismatched or missing confirmation, unknown unix user, -x of an unknown user fail with exit 1', () => {
  const sim = makeSimState();
  try {
    addUnixUser(sim, 'heads:x:1000:1000::/home/heads:/bin/bash');
    const mismatch = sim.run(['smbpasswd', '-a', '-s', 'heads'], { input: 'one\ntwo\n' });
    assert.equal([mismatch.code, mismatch.stderr], [1, 'Mismatch - password unchanged.\nUnable to get new password.\n']);
    const none = sim.run(['smbpasswd', '-a', '-s', 'heads'], { input: 'one' });
    assert.equal([none.code, none.stderr], [1, 'Unable to get new password.\n']);
    const ghost = sim.run(['smbpasswd', '-a', '-s', 'ghost'], { input: 'pw\npw\n' });
    assert.equal([ghost.code, ghost.stderr], [1, 'Failed to add entry for user ghost.\n']);
    assert.is(sim.run(['smbpasswd', '-x', 'heads']).code, 1);
    assert.is(sim.run(['pdbedit', '-L']).stdout, '', 'nothing was added');
  } finally {
    sim.cleanup();
  }
});

test('pdbedit -L: `user:uid:full name` per samba user, uid from the node\'s passwd; read-only in the audit', () => {
  const sim = makeSimState();
  try {
    addUnixUser(sim, 'heads:x:1000:1000::/home/heads:/bin/bash');
    addUnixUser(sim, 'media:x:1001:1001:Media Share,,,:/home/media:/bin/bash');
    assert.is(sim.run(['pdbedit', '-L']).stdout, '');
    sim.run(['smbpasswd', '-a', '-s', 'heads'], { input: 'a\na\n' });
    sim.run(['smbpasswd', '-a', '-s', 'media'], { input: 'b\nb\n' });
    const r = sim.run(['pdbedit', '-L']);
    assert.equal([r.code, r.stdout], [0, 'heads:1000:\nmedia:1001:Media Share,,,\n']);
    assert.equal(last(sim), { argv: ['pdbedit', '-L'], code: 0, mutating: false });
    assert.is(sim.run(['smbpasswd', '-x', 'media']).stdout, 'Deleted user media.\n');
    assert.is(sim.run(['pdbedit', '-L']).stdout, 'heads:1000:\n');
    assert.is(sim.run(['pdbedit', '-a', 'x']).code, 1, 'only -L is simulated');
  } finally {
    sim.cleanup();
  }
});

test('the host commands are found on the node\'s PATH, like pct', () => {
  const sim = makeSimState();
  try {
    const r = sim.run(['sh', '-c', 'for t in systemctl exportfs smbpasswd pdbedit pct; do command -v "$t"; done']);
    assert.is(r.stdout.split('\n').filter(Boolean).length, 5);
    assert.ok(r.stdout.split('\n').filter(Boolean).every((p) => p.startsWith(sim.env['PATH']!.split(':')[0]!)), r.stdout);
  } finally {
    sim.cleanup();
  }
});

test.run();
