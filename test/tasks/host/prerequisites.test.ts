// host.prerequisites: facts in, a verdict out. Everything the guests need is there -> nothing to do; else one
// failure naming every missing item at once and what creates it, before any guest step runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostPrerequisites, type HostPrerequisitesParams } from '../../../src/tasks/host/prerequisites.js';
import { planOf } from '../../helpers/facts.js';
import { hostFacts } from './host-facts.js';

const P: HostPrerequisitesParams = {
  storages: [
    { storage: 'quickOS-lxc-disks', content: ['rootdir'], usedBy: ['900', '950'], pool: 'quickOS', inSetup: true },
    { storage: 'fastData-shared-iso', content: ['vztmpl'], usedBy: ['900'], pool: 'fastData', inSetup: true },
    { storage: 'local-lvm', content: ['images'], usedBy: ['1000'], inSetup: false },
  ],
  bridges: [{ bridge: 'vmbr0', usedBy: ['900', '1000'] }],
};

const ready = {
  pools: { quickOS: { health: 'ONLINE', vdevs: [] }, fastData: { health: 'ONLINE', vdevs: [] } },
  storages: {
    'quickOS-lxc-disks': { type: 'zfspool', props: { pool: 'quickOS/lxc-disks', content: 'images,rootdir' }, status: 'active' },
    'fastData-shared-iso': { type: 'dir', props: { path: '/fastData/shared-iso', content: 'iso,vztmpl' }, status: 'active' },
    'local-lvm': { type: 'lvmthin', props: { content: 'rootdir,images' }, status: 'active' },
  },
  bridges: { vmbr0: true },
};

const failure = (f: () => unknown): string => {
  try { f(); } catch (e) { return (e as Error).message; }
  throw new Error('did not fail');
};

test('a check: no guests, mutates nothing, re-reads nothing, reads storages, pools and bridges in the state read', () => {
  assert.is(hostPrerequisites.mutates, false);
  assert.is(hostPrerequisites.reread, 'none');
  assert.equal(hostPrerequisites.guests(P), []);
  assert.equal(hostPrerequisites.hostQuery!(P), { storageConfig: true, zfs: true, bridges: ['vmbr0'] });
  // nothing the hypervisor config puts on a pool: no zpool/zfs call
  assert.equal(hostPrerequisites.hostQuery!({ storages: [{ storage: 'local-lvm', content: ['rootdir'], usedBy: ['950'], inSetup: false }], bridges: [] }), { storageConfig: true, zfs: false, bridges: [] });
});

test('everything there: nothing to do, no command', () => {
  const plan = planOf(hostPrerequisites, hostFacts(ready), P);
  assert.is(plan.change.kind, 'none');
  assert.equal(plan.commands, []);
});

test('a fresh node: every missing item at once, and that phoenix setup creates the configured ones', () => {
  const fresh = hostFacts({ pools: {}, storages: { 'local-lvm': ready.storages['local-lvm'] }, bridges: { vmbr0: false } });
  const msg = failure(() => planOf(hostPrerequisites, fresh, P));
  for (const item of ["ZFS pool 'quickOS' (for storage quickOS-lxc-disks)", "ZFS pool 'fastData' (for storage fastData-shared-iso)",
    "storage 'quickOS-lxc-disks' (for 900, 950)", "storage 'fastData-shared-iso' (for 900)", "bridge 'vmbr0' (for 900, 1000)"]) {
    assert.ok(msg.includes(item), `${item} in: ${msg}`);
  }
  assert.match(msg, /^pve lacks what the guests need: /);
  assert.match(msg, /`phoenix setup --limit pve` creates the pools and storages the hypervisor config defines; run it first/);
  assert.match(msg, /not Phoenix's to create: bridge 'vmbr0'/);
});

test('a storage that is there but unusable: disabled, not for this node, inactive, or without the content type the guests use it for', () => {
  const facts = hostFacts({
    ...ready,
    storages: { ...ready.storages, 'local-lvm': { type: 'lvmthin', props: { content: 'rootdir' }, status: 'active' }, 'fastData-shared-iso': { ...ready.storages['fastData-shared-iso'], status: 'inactive' } },
  });
  const msg = failure(() => planOf(hostPrerequisites, facts, P));
  assert.ok(msg.includes("storage 'fastData-shared-iso' is inactive (for 900)"), msg);
  assert.ok(msg.includes("storage 'local-lvm' without content images (for 1000)"), msg);
  assert.ok(msg.includes("not Phoenix's to create: storage 'local-lvm'"), msg);
  assert.not.ok(msg.includes('ZFS pool'), 'the pools are there');
  const cfg = hostFacts({ ...ready, storages: { ...ready.storages, 'local-lvm': { type: 'lvmthin', props: { content: 'rootdir,images', disable: '1' } }, 'quickOS-lxc-disks': { type: 'zfspool', props: { content: 'rootdir', nodes: 'pve2,pve3' } } } });
  const m2 = failure(() => planOf(hostPrerequisites, cfg, P));
  assert.ok(m2.includes("storage 'local-lvm' is disabled (for 1000)"), m2);
  assert.ok(m2.includes("storage 'quickOS-lxc-disks' is not available on node 'pve' (for 900, 950)"), m2);
});

test('a storage unknown to storage.cfg but listed by pvesm status (config files unreadable): its content is not judged', () => {
  const facts = hostFacts({ ...ready, storages: { ...ready.storages, 'local-lvm': { type: 'lvmthin', props: {}, status: 'active' } } });
  assert.is(planOf(hostPrerequisites, facts, P).change.kind, 'none');
});

test('a bridge neither sysfs nor the API could answer for (no pvesh): not judged; storages still are', () => {
  assert.is(planOf(hostPrerequisites, hostFacts({ ...ready, bridges: { vmbr0: null } }), P).change.kind, 'none');
  assert.match(failure(() => planOf(hostPrerequisites, hostFacts({ ...ready, storages: {}, bridges: { vmbr0: null } }), P)), /storage 'local-lvm'/);
});

test.run();
