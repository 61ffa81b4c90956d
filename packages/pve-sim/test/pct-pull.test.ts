// pct pull: the format of pve-container src/PVE/CLI/pct.pm `pull` (:606-690).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const sim = makeSimState();

test.before(() => {
  const r = sim.run(['pct', 'create', '961', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--rootfs', 'local-lvm:4', '--hostname', 'pl']);
  assert.is(r.code, 0, r.stderr);
});
test.after(() => sim.cleanup());

test('pull from a stopped CT is refused, with the location Perl adds to a die without newline', () => {
  const r = sim.run(['pct', 'pull', '961', '/etc/hostname', join(sim.dir, 'never')]);
  assert.equal([r.code, r.stderr], [255, 'can only pull files from a running VM at /usr/share/perl5/PVE/CLI/pct.pm line 664.\n']);
  assert.not.ok(existsSync(join(sim.dir, 'never')));
});

test('pull copies a guest file to the node, with perms; a missing source leaves an empty destination', () => {
  assert.is(sim.run(['pct', 'start', '961']).code, 0);
  assert.is(sim.run(['pct', 'exec', '961', '--', 'sh', '-c', 'echo secret-ca > /root/ca.pem']).code, 0);
  const dest = join(sim.dir, 'ca.pem');
  let r = sim.run(['pct', 'pull', '961', '/root/ca.pem', dest, '--perms', '640']);
  assert.is(r.code, 0, r.stderr);
  assert.is(readFileSync(dest, 'utf8'), 'secret-ca\n');
  assert.is(statSync(dest).mode & 0o777, 0o640);
  // create_file runs before the source is opened in the container
  const empty = join(sim.dir, 'empty');
  r = sim.run(['pct', 'pull', '961', '/nope', empty]);
  assert.equal([r.code, r.stderr], [255, 'failed to open /nope: No such file or directory\n']);
  assert.is(readFileSync(empty, 'utf8'), '');
});

test('pull reads inside the guest root: a guest symlink to /etc/hostname reads the guest file, not the node one', () => {
  assert.is(sim.run(['pct', 'exec', '961', '--', 'ln', '-sf', '/etc/hostname', '/root/link']).code, 0);
  const dest = join(sim.dir, 'via-link');
  const r = sim.run(['pct', 'pull', '961', '/root/link', dest]);
  assert.is(r.code, 0, r.stderr);
  assert.is(readFileSync(dest, 'utf8'), 'pl\n');
});

test('pull of a CT that does not exist', () => {
  const r = sim.run(['pct', 'pull', '969', '/etc/hostname', join(sim.dir, 'x')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /Configuration file 'nodes\/[^/]+\/lxc\/969.conf' does not exist/);
});

test.run();
