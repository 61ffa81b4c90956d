// lxc.ostemplate: facts in, commands out. A template on the node -> nothing; a missing one -> `pveam update` and
// `pveam download <storage> <name>` into the storage that keeps it; after the download's re-read, nothing to do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { HostFacts } from '../../../src/tasks/host/host-facts.js';
import { lxcOsTemplate, type OsTemplateParams } from '../../../src/tasks/lxc/ostemplate.js';
import { argvs, planOf } from '../../helpers/facts.js';
import { hostFacts } from '../host/host-facts.js';

const FILE = 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst';
const PATH = `/fastData/shared-iso/template/cache/${FILE}`;
const byPath: OsTemplateParams = { template: PATH, file: FILE, storage: 'fastData-shared-iso', root: '/srv/sim/host', usedBy: ['900'] };
const byVolid: OsTemplateParams = { template: `local:vztmpl/${FILE}`, file: FILE, storage: 'local', root: '/', usedBy: ['900', '901'] };
const ISO: HostFacts['storages'] = { 'fastData-shared-iso': { type: 'dir', props: { path: '/fastData/shared-iso', content: 'iso,vztmpl' }, status: 'active' } };

test('what it reads: a path is stat-ed under the host root, a volid listed on its storage', () => {
  assert.equal(lxcOsTemplate.hostQuery!(byPath), { storageConfig: true, paths: [`/srv/sim/host${PATH}`] });
  assert.equal(lxcOsTemplate.hostQuery!(byVolid), { storageConfig: true, templates: [`local:vztmpl/${FILE}`] });
  assert.is(lxcOsTemplate.reread, 'host');
  assert.equal(lxcOsTemplate.guests(byPath), []);
});

test('an absolute path that is there: nothing to do', () => {
  const facts = hostFacts({ storages: ISO, paths: { [`/srv/sim/host${PATH}`]: { type: 'file', uid: 0, gid: 0, mode: '644' } } });
  assert.equal(planOf(lxcOsTemplate, facts, byPath), { change: { kind: 'none', detail: 'present' }, commands: [] });
});

test('an absolute path that is not: the index, then pveam download into the storage keeping it; the re-read settles it', () => {
  const facts = hostFacts({ storages: ISO, paths: { [`/srv/sim/host${PATH}`]: null } });
  const plan = planOf(lxcOsTemplate, facts, byPath);
  assert.is(plan.change.kind, 'create');
  assert.equal(argvs(plan), [['pveam', 'update'], ['pveam', 'download', 'fastData-shared-iso', FILE]]);
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /pveam download fastData-shared-iso ubuntu-24\.04.* \(for CT 900\)/);
  facts.host!.paths[`/srv/sim/host${PATH}`] = { type: 'file', uid: 0, gid: 0, mode: '644' };
  assert.is(planOf(lxcOsTemplate, facts, byPath).change.kind, 'none');
});

test('no storage named: the one of storage.cfg whose template directory is the path\'s; none: refused, saying so', () => {
  const { storage: _, ...bare } = byPath;
  const facts = hostFacts({ storages: ISO, paths: { [`/srv/sim/host${PATH}`]: null } });
  assert.equal(argvs(planOf(lxcOsTemplate, facts, bare))[1], ['pveam', 'download', 'fastData-shared-iso', FILE]);
  const elsewhere = { ...bare, template: `/srv/images/${FILE}` };
  const none = hostFacts({ storages: ISO, paths: { [`/srv/sim/host/srv/images/${FILE}`]: null } });
  assert.throws(() => planOf(lxcOsTemplate, none, elsewhere), /no storage with content vztmpl keeps its templates in \/srv\/images/);
});

test('a volid: present when its storage has it, else downloaded there (also when the listing did not answer)', () => {
  assert.is(planOf(lxcOsTemplate, hostFacts({ templates: { [`local:vztmpl/${FILE}`]: true } }), byVolid).change.kind, 'none');
  for (const known of [false, null]) {
    assert.equal(argvs(planOf(lxcOsTemplate, hostFacts({ templates: { [`local:vztmpl/${FILE}`]: known } }), byVolid)), [['pveam', 'update'], ['pveam', 'download', 'local', FILE]]);
  }
});

test('not looked for in the state read: a wiring error, said plainly (never a download on a guess)', () => {
  assert.throws(() => planOf(lxcOsTemplate, hostFacts({}), byVolid), /was not looked for/);
});

test.run();
