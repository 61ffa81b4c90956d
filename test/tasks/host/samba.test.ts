import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { samba, shareLines, type SambaParams } from '../../../src/tasks/host/samba.js';
import { WRITE_SCRIPT } from '../../../src/tasks/host/write-file.js';
import { allArgs, hostFacts, hostRecorder } from './host-facts.js';

const SECRET = 'pa$$ w0rd';
const p: SambaParams = {
  file: '/etc/samba/smb.conf',
  shares: [{ name: 'shared-prod-data', path: '/quickOS/shared-prod-data', validUsers: ['heads'], options: [['browseable', 'yes'], ['writable', 'yes']] }],
  user: 'heads',
  passwordEnv: 'PHOENIX_TEST_SMB_PW',
  dirs: [{ path: '/quickOS/shared-prod-data', at: '/quickOS/shared-prod-data' }],
  live: true,
};
const heads = { uid: 1001, gid: 1001, home: '/home/heads', shell: '/bin/bash', groups: [], passwordHash: '', authorizedKeys: null };
const BASE = '[global]\n   workgroup = WORKGROUP\n';
const BLOCK = `# BEGIN phoenix\n${shareLines(p.shares).join('\n')}\n# END phoenix\n`;
const owned = { '/quickOS/shared-prod-data': { type: 'directory' as const, uid: 1001, gid: 1001, mode: '770' } };

test('share block rendering', () => {
  assert.equal(shareLines(p.shares), ['[shared-prod-data]', '   path = /quickOS/shared-prod-data', '   valid users = heads', '   browseable = yes', '   writable = yes']);
});

test('fresh host: dirs owned by the samba user, smbpasswd with the password on stdin only, block, reload', async () => {
  process.env.PHOENIX_TEST_SMB_PW = SECRET;
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': BASE }, users: { heads }, sambaUsers: [], paths: {} });
  assert.is(samba.check(facts, p).kind, 'update');
  const ctx = hostRecorder(facts);
  await samba.apply(ctx, p);
  assert.equal(ctx.calls, [
    ['mkdir', '-p', '--', '/quickOS/shared-prod-data'],
    ['chown', '1001:1001', '--', '/quickOS/shared-prod-data'],
    ['chmod', '770', '--', '/quickOS/shared-prod-data'],
    ['smbpasswd', '-a', '-s', 'heads'],
    ['sh', '-c', WRITE_SCRIPT, 'phoenix-write', '/etc/samba/smb.conf'],
    ['systemctl', 'reload-or-restart', 'smbd'],
  ]);
  assert.is(ctx.stdins[3], `${SECRET}\n${SECRET}\n`);
  assert.not.ok(allArgs(ctx).includes(SECRET), 'the password never appears in argv');
  assert.is(ctx.stdins[4], `${BASE}\n${BLOCK}`);
  // second run: nothing
  assert.equal(samba.check(facts, p), { kind: 'none' });
  const again = hostRecorder(facts);
  await samba.apply(again, p);
  assert.equal(again.calls, []);
  delete process.env.PHOENIX_TEST_SMB_PW;
});

test('converged: no change', () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': `${BASE}\n${BLOCK}` }, users: { heads }, sambaUsers: ['heads'], paths: owned });
  assert.equal(samba.check(facts, p), { kind: 'none' });
});

test('new samba user without the password variable: refused before anything is sent, naming the variable', async () => {
  delete process.env.PHOENIX_TEST_SMB_PW;
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': `${BASE}\n${BLOCK}` }, users: { heads }, sambaUsers: [], paths: owned });
  assert.match((samba.check(facts, p) as { detail: string }).detail, /add samba user heads \(password from \$PHOENIX_TEST_SMB_PW\)/);
  const ctx = hostRecorder(facts);
  try { await samba.apply(ctx, p); assert.unreachable(); } catch (e) { assert.match((e as Error).message, /or PHOENIX_TEST_SMB_PW in Phoenix.s environment/); }
  assert.equal(ctx.calls, []);
});

test('a share removed from the config: block rewritten; all shares removed: block removed', async () => {
  const two = { ...p, shares: [...p.shares, { name: 'old', path: '/old', validUsers: [], options: [] as [string, string][] }] };
  const text = `${BASE}\n# BEGIN phoenix\n${shareLines(two.shares).join('\n')}\n# END phoenix\n`;
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': text }, users: { heads }, sambaUsers: ['heads'], paths: owned });
  const ctx = hostRecorder(facts);
  await samba.apply(ctx, p);
  assert.is(ctx.stdins[0], `${BASE}\n${BLOCK}`);
  const none = hostRecorder(facts);
  await samba.apply(none, { ...p, shares: [], dirs: [] });
  assert.is(none.stdins[0], BASE);
  assert.equal(none.calls[1], ['systemctl', 'reload-or-restart', 'smbd']);
});

test('samba not installed on a live host with shares: a failure that says what to install', () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': null }, users: { heads }, sambaUsers: null, paths: owned });
  assert.throws(() => samba.check(facts, p), /samba is not installed.*apt-get install samba/);
});

test('simulated host root: files and dirs only (no smbpasswd, no systemctl)', async () => {
  const facts = hostFacts({ files: { '/etc/samba/smb.conf': null }, users: { heads }, sambaUsers: null, paths: owned });
  const ctx = hostRecorder(facts);
  await samba.apply(ctx, { ...p, live: false });
  assert.equal(ctx.calls.map((c) => c[0]), ['sh']);
});

test.run();
