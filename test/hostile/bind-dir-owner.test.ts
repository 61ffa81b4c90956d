// Hostile corpus, a bind mount onto an existing host directory (issue 10 point 6, row "`..` in paths"): Phoenix sets
// the configured owner only on a directory it created, never on one that was there (a root-owned host directory
// must not become the container root's), records what it created on the node, and a second run changes nothing.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeEstate, mutating, type Estate } from '../helpers/estate.js';
import { ct, setContainers, setVms } from './argv-helpers.js';

let e: Estate;
let host: string;
let victimOwner: string;
test.before(() => {
  e = makeEstate({ lxc: { lxc_configs: {} }, vm: { vm_defaults: {}, vms: [] }, scripts: { features: [] } });
  setVms(e, []);
  host = join(e.stateDir, 'host');
  mkdirSync(join(host, 'srv/victim'), { recursive: true, mode: 0o755 });
  const st = statSync(join(host, 'srv/victim'));
  victimOwner = `${st.uid}:${st.gid}`;
  setContainers(e, { '960': ct('960', { mount_points: [
    { host_path: '/srv/victim', container_path: '/data', owner_uid: 1000, owner_gid: 1000 },
    { host_path: '/srv/ws/960', container_path: '/ws', owner_uid: 33, owner_gid: 33 },
  ] }) });
});
test.after(() => e.cleanup());

test('create: the existing directory keeps its owner (and the run says so); the one Phoenix made gets the shifted owner', async () => {
  const { r } = await e.during(() => e.run('create', '960'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  const victim = statSync(join(host, 'srv/victim'));
  assert.is(`${victim.uid}:${victim.gid}`, victimOwner, 'the existing directory was chowned');
  assert.is(victim.mode & 0o777, 0o755);
  assert.match(r.stdout + r.stderr, /srv\/victim was not created by Phoenix: its owner is left as it is \(not set to 101000:101000\)/);
  const made = statSync(join(host, 'srv/ws/960'));
  if (process.getuid?.() === 0) assert.is(`${made.uid}:${made.gid}`, '100033:100033');
  assert.match(e.conf('960'), /^mp\d: \/srv\/victim,mp=\/data$/m);
  assert.match(e.conf('960'), /^mp\d: \/srv\/ws\/960,mp=\/ws$/m);
});

test('the node records what Phoenix created (and only that)', () => {
  const record = readFileSync(join(host, 'var/lib/phoenix/created-dirs'), 'utf8').split('\n').filter(Boolean);
  assert.equal(record, [join(host, 'srv/ws/960')]);
});

test('a second run changes nothing', async () => {
  const { r, calls } = await e.during(() => e.run('create', '960'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(mutating(calls).map((c) => c.argv.join(' ')), []);
  const victim = statSync(join(host, 'srv/victim'));
  assert.is(`${victim.uid}:${victim.gid}`, victimOwner, 'still the owner it had');
});

test.run();
