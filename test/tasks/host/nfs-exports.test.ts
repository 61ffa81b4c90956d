import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nfsExports, type NfsExportsParams } from '../../../src/tasks/host/nfs-exports.js';
import { WRITE_SCRIPT } from '../../../src/tasks/host/write-file.js';
import { argvs, planOf } from '../../helpers/facts.js';
import { hostFacts } from './host-facts.js';

const p: NfsExportsParams = {
  file: '/etc/exports',
  exports: [{ path: '/quickOS/vm-persistent-data', clients: ['10.0.0.111', '10.0.0.102'], options: ['rw', 'sync', 'no_subtree_check'] }],
  dirs: [{ path: '/quickOS/vm-persistent-data', at: '/quickOS/vm-persistent-data' }],
};
const LINE = '/quickOS/vm-persistent-data 10.0.0.111(rw,sync,no_subtree_check) 10.0.0.102(rw,sync,no_subtree_check)';
const BLOCK = `# BEGIN phoenix\n${LINE}\n# END phoenix\n`;
const dirThere = { '/quickOS/vm-persistent-data': { type: 'directory' as const, uid: 0, gid: 0, mode: '755' } };
const WRITE = ['sh', '-c', WRITE_SCRIPT, 'phoenix-write', '/etc/exports'];

test('no exports file: write the block (content on stdin, path as $1), then exportfs -ra', () => {
  const plan = planOf(nfsExports, hostFacts({ files: { '/etc/exports': null }, paths: dirThere }), p);
  assert.is(plan.change.kind, 'update');
  assert.equal(argvs(plan), [WRITE, ['exportfs', '-ra']]);
  assert.equal(plan.commands[0]!.stdin, [BLOCK]);
  // after the re-read of the file: nothing
  assert.equal(planOf(nfsExports, hostFacts({ files: { '/etc/exports': BLOCK }, paths: dirThere }), p), { change: { kind: 'none' }, commands: [] });
});

test('the user\'s own exports survive; an old block is replaced, not duplicated', () => {
  const text = '/srv/iso *(ro)\n# BEGIN phoenix\n/old 1.2.3.4(rw)\n# END phoenix\n';
  const plan = planOf(nfsExports, hostFacts({ files: { '/etc/exports': text }, paths: dirThere }), p);
  assert.equal(plan.commands[0]!.stdin, [`/srv/iso *(ro)\n${BLOCK}`]);
});

test('config emptied: the block is removed and exports reloaded', () => {
  const plan = planOf(nfsExports, hostFacts({ files: { '/etc/exports': `/srv/iso *(ro)\n\n${BLOCK}` } }), { ...p, exports: [], dirs: [] });
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /remove the managed block/);
  assert.equal(argvs(plan), [WRITE, ['exportfs', '-ra']]);
  assert.equal(plan.commands[0]!.stdin, ['/srv/iso *(ro)\n']);
});

test('missing export directory: mkdir -p; a dataset mounted there counts as present', () => {
  const plan = planOf(nfsExports, hostFacts({ files: { '/etc/exports': BLOCK } }), p);
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /mkdir \/quickOS\/vm-persistent-data/);
  assert.equal(argvs(plan), [['mkdir', '-p', '--', '/quickOS/vm-persistent-data']]);
  const withDs = hostFacts({ files: { '/etc/exports': BLOCK }, datasets: { 'quickOS/vm-persistent-data': { mountpoint: '/quickOS/vm-persistent-data', props: {} } } });
  assert.is(planOf(nfsExports, withDs, p).change.kind, 'none');
});

test('a simulated host root: the file and dirs under it, and the same exportfs as on a real node', () => {
  const sim = { ...p, file: '/s/host/etc/exports', dirs: [{ path: '/quickOS/vm-persistent-data', at: '/s/host/quickOS/vm-persistent-data' }] };
  const plan = planOf(nfsExports, hostFacts({ files: { '/s/host/etc/exports': null } }), sim);
  assert.equal(argvs(plan), [['mkdir', '-p', '--', '/s/host/quickOS/vm-persistent-data'], ['sh', '-c', WRITE_SCRIPT, 'phoenix-write', '/s/host/etc/exports'], ['exportfs', '-ra']]);
  assert.equal(nfsExports.hostQuery!(sim), { files: ['/s/host/etc/exports'], paths: ['/s/host/quickOS/vm-persistent-data'], zfs: true });
});

test('host without nfs-kernel-server: refused before /etc/exports is touched; removing the block needs no server', () => {
  const facts = hostFacts({ files: { '/etc/exports': null }, paths: dirThere, tools: ['pdbedit'] });
  assert.throws(() => planOf(nfsExports, facts, p), /exportfs is not installed.*nfs-kernel-server/);
  assert.is(planOf(nfsExports, { ...facts, host: { ...facts.host!, tools: ['exportfs'] } }, p).change.kind, 'update');
  const removing = hostFacts({ files: { '/etc/exports': BLOCK }, tools: [] });
  assert.equal(argvs(planOf(nfsExports, removing, { ...p, exports: [], dirs: [] })), [WRITE]);
});

test('file not gathered: a wiring error, not a silent create', () => {
  assert.throws(() => planOf(nfsExports, hostFacts(), p), /file '\/etc\/exports' was not gathered/);
});

test.run();
