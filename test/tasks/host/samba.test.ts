import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { samba, shareLines, type SambaParams } from '../../../src/tasks/host/samba.js';
import { WRITE_SCRIPT } from '../../../src/tasks/host/write-file.js';
import { allArgs, argvs, planOf } from '../../helpers/facts.js';
import { hostFacts } from './host-facts.js';

const REF = { $secret: 'env:PHOENIX_SAMBA_PASSWORD' };
const p: SambaParams = {
  file: '/etc/samba/smb.conf',
  shares: [{ name: 'shared-prod-data', path: '/quickOS/shared-prod-data', validUsers: ['heads'], options: [['browseable', 'yes'], ['writable', 'yes']] }],
  user: 'heads',
  password: REF,
  dirs: [{ path: '/quickOS/shared-prod-data', at: '/quickOS/shared-prod-data' }],
};
const heads = { uid: 1001, gid: 1001, home: '/home/heads', shell: '/bin/bash', groups: [], passwordHash: '', authorizedKeys: null };
const BASE = '[global]\n   workgroup = WORKGROUP\n';
const BLOCK = `# BEGIN phoenix\n${shareLines(p.shares).join('\n')}\n# END phoenix\n`;
const owned = { '/quickOS/shared-prod-data': { type: 'directory' as const, uid: 1001, gid: 1001, mode: '770' } };
const WRITE = ['sh', '-c', WRITE_SCRIPT, 'phoenix-write', '/etc/samba/smb.conf'];

test('share block rendering', () => {
  assert.equal(shareLines(p.shares), ['[shared-prod-data]', '   path = /quickOS/shared-prod-data', '   valid users = heads', '   browseable = yes', '   writable = yes']);
});

test('fresh host: samba user first (password on stdin only), dirs owned by the samba user, block, reload', () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': BASE }, users: { heads }, sambaUsers: [], paths: {} });
  const plan = planOf(samba, facts, p);
  assert.is(plan.change.kind, 'update');
  assert.equal(argvs(plan), [
    ['smbpasswd', '-a', '-s', 'heads'],
    ['mkdir', '-p', '--', '/quickOS/shared-prod-data'],
    ['chown', '1001:1001', '--', '/quickOS/shared-prod-data'],
    ['chmod', '770', '--', '/quickOS/shared-prod-data'],
    WRITE,
    ['systemctl', 'reload-or-restart', 'smbd'],
  ]);
  assert.equal(plan.commands[0]!.stdin, [{ secret: REF }, '\n', { secret: REF }, '\n'], 'the reference, twice: smbpasswd -s reads it twice');
  assert.not.ok(allArgs(plan).includes('value-of'), 'the password never appears in argv');
  assert.equal(plan.commands[4]!.stdin, [`${BASE}\n${BLOCK}`]);
  // after the re-read: nothing
  const after = hostFacts({ files: { '/etc/samba/smb.conf': `${BASE}\n${BLOCK}` }, users: { heads }, sambaUsers: ['heads'], paths: owned });
  assert.equal(planOf(samba, after, p), { change: { kind: 'none' }, commands: [] });
});

test('a literal samba.password goes on stdin as text', () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': `${BASE}\n${BLOCK}` }, users: { heads }, sambaUsers: [], paths: owned });
  const plan = planOf(samba, facts, { ...p, password: 'pa$$ w0rd' });
  assert.equal(argvs(plan), [['smbpasswd', '-a', '-s', 'heads']]);
  assert.equal(plan.commands[0]!.stdin, ['pa$$ w0rd', '\n', 'pa$$ w0rd', '\n']);
  assert.not.ok(allArgs(plan).includes('pa$$'));
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /add samba user heads \(password from the configuration\)/);
});

test('converged: no change', () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': `${BASE}\n${BLOCK}` }, users: { heads }, sambaUsers: ['heads'], paths: owned });
  assert.equal(planOf(samba, facts, p), { change: { kind: 'none' }, commands: [] });
});

test('new samba user: the detail names where the password comes from; no password at all is refused', () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': `${BASE}\n${BLOCK}` }, users: { heads }, sambaUsers: [], paths: owned });
  const c = planOf(samba, facts, p).change;
  assert.match(c.kind !== 'none' ? c.detail : '', /add samba user heads \(password from env:PHOENIX_SAMBA_PASSWORD\)/);
  const { password: _, ...noPw } = p;
  assert.throws(() => planOf(samba, facts, noPw), /samba user 'heads' is new and needs a password/);
});

test('directories with the wrong owner or mode: chown/chmod only (no mkdir for what exists)', () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': `${BASE}\n${BLOCK}` }, users: { heads }, sambaUsers: ['heads'], paths: { '/quickOS/shared-prod-data': { type: 'directory', uid: 0, gid: 0, mode: '755' } } });
  assert.equal(argvs(planOf(samba, facts, p)), [['chown', '1001:1001', '--', '/quickOS/shared-prod-data'], ['chmod', '770', '--', '/quickOS/shared-prod-data']]);
});

test('the samba account still to be created: --check names it, a run refuses (the host.user step must come first)', () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': `${BASE}\n${BLOCK}` }, users: { heads: null }, sambaUsers: ['heads'], paths: {} });
  const check = planOf(samba, facts, p, { check: true });
  assert.ok(argvs(check).some((c) => c[0] === 'chown' && c[1] === 'heads:'));
  assert.throws(() => planOf(samba, facts, p), /samba user 'heads' does not exist on pve: a host.user step must create it first/);
});

test('a share removed from the config: block rewritten; all shares removed: block removed, smbd reloaded', () => {
  const two = { ...p, shares: [...p.shares, { name: 'old', path: '/old', validUsers: [], options: [] as [string, string][] }] };
  const text = `${BASE}\n# BEGIN phoenix\n${shareLines(two.shares).join('\n')}\n# END phoenix\n`;
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': text }, users: { heads }, sambaUsers: ['heads'], paths: owned });
  assert.equal(planOf(samba, facts, p).commands[0]!.stdin, [`${BASE}\n${BLOCK}`]);
  const none = planOf(samba, facts, { ...p, shares: [], dirs: [] });
  assert.equal(argvs(none), [WRITE, ['systemctl', 'reload-or-restart', 'smbd']]);
  assert.equal(none.commands[0]!.stdin, [BASE]);
  // with no shares the state read asks pdbedit nothing: the reload follows the tools found
  const unqueried = hostFacts({ files: { '/etc/samba/smb.conf': text }, sambaUsers: null, tools: ['smbpasswd', 'pdbedit'] });
  assert.equal(argvs(planOf(samba, unqueried, { file: p.file, shares: [], dirs: [] })), [WRITE, ['systemctl', 'reload-or-restart', 'smbd']]);
  const uninstalled = hostFacts({ files: { '/etc/samba/smb.conf': text }, sambaUsers: null, tools: [] });
  assert.equal(argvs(planOf(samba, uninstalled, { file: p.file, shares: [], dirs: [] })), [WRITE], 'samba gone: the block is removed, nothing to reload');
});

test('samba not installed and shares configured: a failure that says what to install', () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': null }, users: { heads }, sambaUsers: null, paths: owned });
  assert.throws(() => planOf(samba, facts, p), /samba is not installed.*apt-get install samba/);
  assert.throws(() => planOf(samba, { ...facts, host: { ...facts.host!, sambaUsers: [], tools: ['exportfs'] } }, p), /samba is not installed/);
});

test('no shares and no samba: nothing to do, nothing asked of samba', () => {
  const empty = { file: '/etc/samba/smb.conf', shares: [], dirs: [] };
  assert.equal(planOf(samba, hostFacts({ files: { '/etc/samba/smb.conf': null } }), empty), { change: { kind: 'none' }, commands: [] });
  assert.equal(samba.hostQuery!(empty), { files: ['/etc/samba/smb.conf'], paths: [], users: [], samba: false });
});

test('a simulated host root plans the same service commands as a real node', () => {
  const sim: SambaParams = { ...p, file: '/s/host/etc/samba/smb.conf', dirs: [{ path: '/quickOS/shared-prod-data', at: '/s/host/quickOS/shared-prod-data' }] };
  const facts = hostFacts({ files: { '/s/host/etc/samba/smb.conf': null }, users: { heads }, sambaUsers: [], paths: {} });
  assert.equal(argvs(planOf(samba, facts, sim)).map((c) => c[0]), ['smbpasswd', 'mkdir', 'chown', 'chmod', 'sh', 'systemctl']);
  assert.equal(samba.hostQuery!(sim), { files: ['/s/host/etc/samba/smb.conf'], paths: ['/s/host/quickOS/shared-prod-data'], users: ['heads'], samba: true, zfs: true });
});

test.run();
