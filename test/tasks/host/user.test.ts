import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostUser, type HostUserParams } from '../../../src/tasks/host/user.js';
import { KEYS_SCRIPT } from '../../../src/tasks/host/user-db.js';
import { allArgs, argvs, planOf } from '../../helpers/facts.js';
import { hostFacts } from './host-facts.js';

const HASH = '$6$salt$abcdefghijklmnopqrstuvwxyz';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB admin@laptop';
const BLOCK = `# BEGIN phoenix\n${KEY}\n# END phoenix\n`;
const p: HostUserParams = { user: 'phoenix_admin', root: '/', shell: '/bin/bash', sudo: true, passwordHash: HASH, sshKeys: [KEY] };
const present = { uid: 1000, gid: 1000, home: '/home/phoenix_admin', shell: '/bin/bash', groups: ['sudo'], passwordHash: HASH, authorizedKeys: BLOCK };
const KEYS = (root: string): string[] => ['sh', '-c', KEYS_SCRIPT, 'phoenix-keys', root, 'phoenix_admin'];

test('absent user: useradd -m -s -G sudo, hash via chpasswd -e on stdin, keys by a script that looks the account up', () => {
  const plan = planOf(hostUser, hostFacts({ users: { phoenix_admin: null } }), p);
  assert.is(plan.change.kind, 'create');
  assert.equal(argvs(plan), [
    ['useradd', '-m', '-s', '/bin/bash', '-G', 'sudo', 'phoenix_admin'],
    ['chpasswd', '-e'],
    KEYS(''),
  ]);
  assert.equal(plan.commands[1]!.stdin, ['phoenix_admin:', HASH, '\n']);
  assert.not.ok(allArgs(plan).includes(HASH), 'the hash travels on stdin, not argv');
  assert.equal(plan.commands[2]!.stdin, [BLOCK]);
  assert.is(planOf(hostUser, hostFacts({ users: { phoenix_admin: { ...present } } }), p).change.kind, 'none', 'after the re-read: converged');
});

test('a hash given by reference: compared by value, sent as the reference', () => {
  const ref = { $secret: 'env:ADMIN_HASH' };
  const secret = (): string => '$6$ref$hashvalue';
  const facts = hostFacts({ users: { phoenix_admin: { ...present, passwordHash: '$6$ref$hashvalue' } } });
  assert.is(planOf(hostUser, facts, { ...p, passwordHash: ref }, { secret }).change.kind, 'none');
  const plan = planOf(hostUser, hostFacts({ users: { phoenix_admin: { ...present, passwordHash: '!' } } }), { ...p, passwordHash: ref }, { secret });
  assert.equal(argvs(plan), [['chpasswd', '-e']]);
  assert.equal(plan.commands[0]!.stdin, ['phoenix_admin:', { secret: ref }, '\n']);
});

test('the param schema refuses what would split an /etc/passwd or /etc/shadow line: \':\' or a line break in the shell or the hash', async () => {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const valid = new Ajv2020({ strict: false }).compile(hostUser.schema);
  assert.ok(valid(p), 'control');
  for (const shell of ['/bin/bash:0:0:', '/bin/sh\nroot', '/bin/../bin/sh', 'bin/sh']) assert.not.ok(valid({ ...p, shell }), `shell ${JSON.stringify(shell)}`);
  for (const passwordHash of ['$6$a$A\nroot:$6$evil$X', '$6$a:b', '']) assert.not.ok(valid({ ...p, passwordHash }), `hash ${JSON.stringify(passwordHash)}`);
});

test('a hash that would break chpasswd\'s `user:hash` line is refused', () => {
  assert.throws(() => planOf(hostUser, hostFacts({ users: { phoenix_admin: null } }), { ...p, passwordHash: { $secret: 'env:X' } }, { secret: () => 'x\nroot:y' }), /one line without ':'/);
});

test('present and converged: no change, no command', () => {
  assert.equal(planOf(hostUser, hostFacts({ users: { phoenix_admin: { ...present } } }), p), { change: { kind: 'none' }, commands: [] });
});

test('different: shell, sudo membership, hash; only those are changed, shell and group in one usermod', () => {
  const facts = hostFacts({ users: { phoenix_admin: { ...present, shell: '/bin/sh', groups: [], passwordHash: '!' } } });
  const plan = planOf(hostUser, facts, p);
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /shell \/bin\/sh -> \/bin\/bash; add to group sudo; set the password hash/);
  assert.equal(argvs(plan), [['usermod', '-s', '/bin/bash', '-a', '-G', 'sudo', 'phoenix_admin'], ['chpasswd', '-e']]);
});

test('sudo_access false removes the membership; absent leaves it alone', () => {
  assert.equal(argvs(planOf(hostUser, hostFacts({ users: { phoenix_admin: { ...present } } }), { ...p, sudo: false })), [['usermod', '-r', '-G', 'sudo', 'phoenix_admin']]);
  const { sudo: _, ...noSudo } = p;
  assert.is(planOf(hostUser, hostFacts({ users: { phoenix_admin: { ...present, groups: [] } } }), noSudo).change.kind, 'none');
});

test('NOT_SET hash (no passwordHash) never touches the password; the user\'s other keys survive', () => {
  const { passwordHash: _, ...noHash } = p;
  const mine = 'ssh-rsa AAAA mine';
  const plan = planOf(hostUser, hostFacts({ users: { phoenix_admin: { ...present, passwordHash: '!', authorizedKeys: `${mine}\n` } } }), noHash);
  assert.equal(argvs(plan), [KEYS('')]);
  assert.equal(plan.commands[0]!.stdin, [`${mine}\n\n${BLOCK}`]);
});

test('key removed from the config: the managed block is removed', () => {
  const plan = planOf(hostUser, hostFacts({ users: { phoenix_admin: { ...present } } }), { ...p, sshKeys: [] });
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /authorized_keys: remove the managed block/);
  assert.equal(plan.commands[0]!.stdin, ['']);
});

test('simulated host root: --prefix for useradd/usermod, --root for chpasswd, the keys script gets the root', () => {
  const plan = planOf(hostUser, hostFacts({ users: { phoenix_admin: null } }), { ...p, root: '/sim/host/' });
  assert.equal(argvs(plan), [
    ['useradd', '--prefix', '/sim/host/', '-m', '-s', '/bin/bash', '-G', 'sudo', 'phoenix_admin'],
    ['chpasswd', '-e', '--root', '/sim/host/'],
    KEYS('/sim/host'),
  ]);
  assert.equal(hostUser.hostQuery!(p), { users: ['phoenix_admin'] });
});

test('the keys script: account looked up under the root, numeric owner, mode 600 in a 700 dir; a symlinked ~/.ssh is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-keys-'));
  const run = (user: string, content: string): void => { execFileSync('sh', ['-c', KEYS_SCRIPT, 'phoenix-keys', dir, user], { input: content, stdio: ['pipe', 'pipe', 'pipe'] }); };
  try {
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    mkdirSync(join(dir, 'etc'));
    mkdirSync(join(dir, 'home/bob'), { recursive: true });
    writeFileSync(join(dir, 'etc/passwd'), `root:x:0:0:root:/root:/bin/bash\nbob:x:${uid}:${gid}::/home/bob:/bin/sh\n`);
    run('bob', BLOCK);
    const keys = join(dir, 'home/bob/.ssh/authorized_keys');
    assert.is(readFileSync(keys, 'utf8'), BLOCK);
    assert.is(statSync(keys).mode & 0o777, 0o600);
    assert.is(statSync(join(dir, 'home/bob/.ssh')).mode & 0o777, 0o700);
    assert.is(statSync(keys).uid, uid);
    const stderr = (e: unknown): string => String((e as { stderr?: Buffer }).stderr ?? '');
    assert.throws(() => run('nobody', 'x'), (e: unknown) => /no account nobody in /.test(stderr(e)));
    rmSync(join(dir, 'home/bob/.ssh'), { recursive: true });
    symlinkSync(join(dir, 'etc'), join(dir, 'home/bob/.ssh'));
    assert.throws(() => run('bob', 'x'), (e: unknown) => stderr(e).includes(`${dir}/home/bob/.ssh is a symbolic link: refused`));
    assert.is(readFileSync(join(dir, 'etc/passwd'), 'utf8').split('\n').length, 3, 'nothing written through the link');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
