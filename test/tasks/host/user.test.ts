import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostUser, type HostUserParams } from '../../../src/tasks/host/user.js';
import { WRITE_SCRIPT } from '../../../src/tasks/host/write-file.js';
import { allArgs, hostFacts, hostRecorder } from './host-facts.js';

const HASH = '$6$salt$abcdefghijklmnopqrstuvwxyz';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB admin@laptop';
const p: HostUserParams = { user: 'phoenix_admin', root: '/', shell: '/bin/bash', sudo: true, passwordHash: HASH, sshKeys: [KEY] };
const present = { uid: 1000, gid: 1000, home: '/home/phoenix_admin', shell: '/bin/bash', groups: ['sudo'], passwordHash: HASH, authorizedKeys: `# BEGIN phoenix\n${KEY}\n# END phoenix\n` };
const PASSWD = 'phoenix_admin:x:1000:1000::/home/phoenix_admin:/bin/bash\n';

test('absent user: useradd -m -s -G sudo, hash via chpasswd -e on stdin, authorized_keys block with owner and modes', async () => {
  const facts = hostFacts({ users: { phoenix_admin: null } });
  assert.is(hostUser.check(facts, p).kind, 'create');
  const ctx = hostRecorder(facts, { awk: { code: 0, stdout: PASSWD } });
  await hostUser.apply(ctx, p);
  assert.equal(ctx.calls, [
    ['useradd', '-m', '-s', '/bin/bash', '-G', 'sudo', 'phoenix_admin'],
    ['awk', '-F:', '-v', 'u=phoenix_admin', '$1 == u', '/etc/passwd'],
    ['chpasswd', '-e'],
    ['install', '-d', '-m', '700', '-o', '1000', '-g', '1000', '/home/phoenix_admin/.ssh'],
    ['sh', '-c', WRITE_SCRIPT, 'phoenix-write', '/home/phoenix_admin/.ssh/authorized_keys'],
    ['chown', '1000:1000', '/home/phoenix_admin/.ssh/authorized_keys'],
    ['chmod', '600', '/home/phoenix_admin/.ssh/authorized_keys'],
  ]);
  assert.is(ctx.stdins[2], `phoenix_admin:${HASH}\n`);
  assert.not.ok(allArgs(ctx).includes(HASH), 'the hash travels on stdin, not argv');
  assert.is(ctx.stdins[4], `# BEGIN phoenix\n${KEY}\n# END phoenix\n`);
  assert.is(hostUser.check(facts, p).kind, 'none', 'second run: converged from the updated facts');
});

test('present and converged: no change, no command', async () => {
  const facts = hostFacts({ users: { phoenix_admin: { ...present } } });
  assert.equal(hostUser.check(facts, p), { kind: 'none' });
  const ctx = hostRecorder(facts);
  await hostUser.apply(ctx, p);
  assert.equal(ctx.calls, []);
});

test('different: shell, sudo membership, hash; only those are changed', async () => {
  const facts = hostFacts({ users: { phoenix_admin: { ...present, shell: '/bin/sh', groups: [], passwordHash: '!' } } });
  assert.match((hostUser.check(facts, p) as { detail: string }).detail, /shell \/bin\/sh -> \/bin\/bash; add to group sudo; set the password hash/);
  const ctx = hostRecorder(facts);
  await hostUser.apply(ctx, p);
  assert.equal(ctx.calls, [['usermod', '-s', '/bin/bash', 'phoenix_admin'], ['usermod', '-a', '-G', 'sudo', 'phoenix_admin'], ['chpasswd', '-e']]);
});

test('sudo_access false removes the membership; absent leaves it alone', async () => {
  const facts = hostFacts({ users: { phoenix_admin: { ...present } } });
  const ctx = hostRecorder(facts);
  await hostUser.apply(ctx, { ...p, sudo: false });
  assert.equal(ctx.calls, [['usermod', '-r', '-G', 'sudo', 'phoenix_admin']]);
  const { sudo: _, ...noSudo } = p;
  assert.is(hostUser.check(hostFacts({ users: { phoenix_admin: { ...present, groups: [] } } }), noSudo).kind, 'none');
});

test('NOT_SET hash (no passwordHash) never touches the password; the user\'s other keys survive', async () => {
  const { passwordHash: _, ...noHash } = p;
  const mine = 'ssh-rsa AAAA mine';
  const facts = hostFacts({ users: { phoenix_admin: { ...present, passwordHash: '!', authorizedKeys: `${mine}\n` } } });
  const ctx = hostRecorder(facts);
  await hostUser.apply(ctx, noHash);
  assert.not.ok(ctx.calls.some((c) => c[0] === 'chpasswd'));
  assert.is(ctx.stdins[1], `${mine}\n\n# BEGIN phoenix\n${KEY}\n# END phoenix\n`);
});

test('key removed from the config: the managed block is removed', async () => {
  const facts = hostFacts({ users: { phoenix_admin: { ...present } } });
  const ctx = hostRecorder(facts);
  await hostUser.apply(ctx, { ...p, sshKeys: [] });
  assert.is(ctx.stdins[1], '');
});

test('simulated host root: --prefix for useradd, --root for chpasswd, files under the root', async () => {
  const facts = hostFacts({ users: { phoenix_admin: null } });
  const ctx = hostRecorder(facts, { awk: { code: 0, stdout: PASSWD } });
  await hostUser.apply(ctx, { ...p, root: '/sim/host' });
  assert.equal(ctx.calls[0], ['useradd', '--prefix', '/sim/host', '-m', '-s', '/bin/bash', '-G', 'sudo', 'phoenix_admin']);
  assert.equal(ctx.calls[1]!.at(-1), '/sim/host/etc/passwd');
  assert.equal(ctx.calls[2], ['chpasswd', '-e', '--root', '/sim/host']);
  assert.equal(ctx.calls[3]!.at(-1), '/sim/host/home/phoenix_admin/.ssh');
});

test.run();
