import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nfsExports, type NfsExportsParams } from '../../../src/tasks/host/nfs-exports.js';
import { WRITE_SCRIPT } from '../../../src/tasks/host/write-file.js';
import { hostFacts, hostRecorder } from './host-facts.js';

const p: NfsExportsParams = {
  file: '/etc/exports',
  exports: [{ path: '/quickOS/vm-persistent-data', clients: ['10.0.0.111', '10.0.0.102'], options: ['rw', 'sync', 'no_subtree_check'] }],
  dirs: [{ path: '/quickOS/vm-persistent-data', at: '/quickOS/vm-persistent-data' }],
  live: true,
};
const LINE = '/quickOS/vm-persistent-data 10.0.0.111(rw,sync,no_subtree_check) 10.0.0.102(rw,sync,no_subtree_check)';
const dirThere = { '/quickOS/vm-persistent-data': { type: 'directory' as const, uid: 0, gid: 0, mode: '755' } };

test('no exports file: write the block (content on stdin, path as $1), then exportfs -ra', async () => {
  const facts = hostFacts({ files: { '/etc/exports': null }, paths: dirThere });
  assert.is(nfsExports.check(facts, p).kind, 'update');
  const ctx = hostRecorder(facts);
  await nfsExports.apply(ctx, p);
  assert.equal(ctx.calls, [['sh', '-c', WRITE_SCRIPT, 'phoenix-write', '/etc/exports'], ['exportfs', '-ra']]);
  assert.is(ctx.stdins[0], `# BEGIN phoenix\n${LINE}\n# END phoenix\n`);
  // second run: nothing
  assert.equal(nfsExports.check(facts, p), { kind: 'none' });
  const again = hostRecorder(facts);
  await nfsExports.apply(again, p);
  assert.equal(again.calls, []);
});

test('the user\'s own exports survive; an old block is replaced, not duplicated', async () => {
  const text = '/srv/iso *(ro)\n# BEGIN phoenix\n/old 1.2.3.4(rw)\n# END phoenix\n';
  const facts = hostFacts({ files: { '/etc/exports': text }, paths: dirThere });
  const ctx = hostRecorder(facts);
  await nfsExports.apply(ctx, p);
  assert.is(ctx.stdins[0], `/srv/iso *(ro)\n# BEGIN phoenix\n${LINE}\n# END phoenix\n`);
});

test('config emptied: the block is removed and exports reloaded', async () => {
  const facts = hostFacts({ files: { '/etc/exports': `/srv/iso *(ro)\n\n# BEGIN phoenix\n${LINE}\n# END phoenix\n` } });
  const ctx = hostRecorder(facts);
  await nfsExports.apply(ctx, { ...p, exports: [], dirs: [] });
  assert.is(ctx.stdins[0], '/srv/iso *(ro)\n');
  assert.equal(ctx.calls[1], ['exportfs', '-ra']);
});

test('missing export directory: mkdir -p; a dataset mounted there counts as present', async () => {
  const facts = hostFacts({ files: { '/etc/exports': `# BEGIN phoenix\n${LINE}\n# END phoenix\n` } });
  assert.match(nfsExports.check(facts, p).kind !== 'none' ? (nfsExports.check(facts, p) as { detail: string }).detail : '', /mkdir \/quickOS\/vm-persistent-data/);
  const ctx = hostRecorder(facts);
  await nfsExports.apply(ctx, p);
  assert.equal(ctx.calls, [['mkdir', '-p', '--', '/quickOS/vm-persistent-data']]);
  const withDs = hostFacts({ files: { '/etc/exports': `# BEGIN phoenix\n${LINE}\n# END phoenix\n` }, datasets: { 'quickOS/vm-persistent-data': { mountpoint: '/quickOS/vm-persistent-data', props: {} } } });
  assert.is(nfsExports.check(withDs, p).kind, 'none');
});

test('simulated host root: the file is written under it, exportfs is not run', async () => {
  const sim = { ...p, file: '/s/host/etc/exports', dirs: [{ path: '/quickOS/vm-persistent-data', at: '/s/host/quickOS/vm-persistent-data' }], live: false };
  const facts = hostFacts({ files: { '/s/host/etc/exports': null }, paths: { '/s/host/quickOS/vm-persistent-data': dirThere['/quickOS/vm-persistent-data'] } });
  const ctx = hostRecorder(facts);
  await nfsExports.apply(ctx, sim);
  assert.equal(ctx.calls, [['sh', '-c', WRITE_SCRIPT, 'phoenix-write', '/s/host/etc/exports']]);
});

test('live host without nfs-kernel-server: refused at check time, before /etc/exports is touched', () => {
  const facts = hostFacts({ files: { '/etc/exports': null }, paths: dirThere, tools: ['pdbedit'] });
  assert.throws(() => nfsExports.check(facts, p), /exportfs is not installed.*nfs-kernel-server/);
  assert.is(nfsExports.check({ ...facts, host: { ...facts.host!, tools: ['exportfs'] } }, p).kind, 'update');
});

test('file not gathered: a wiring error, not a silent create', () => {
  assert.throws(() => nfsExports.check(hostFacts(), p), /file '\/etc\/exports' was not gathered/);
});

test.run();
