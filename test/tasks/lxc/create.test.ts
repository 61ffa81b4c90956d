import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcCreateParams } from '../../../src/compile/lxc-params.js';
import type { LxcGuest } from '../../../src/inventory/model.js';
import { lxcCreate } from '../../../src/tasks/lxc/create.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';
import { seedModel } from '../../helpers/model.js';

const model = seedModel();
const params = (id: string) => lxcCreateParams(model, model.guests.get(id) as LxcGuest);
/** What `pct create` of the seed's CTs leaves in the config (unprivileged, amd64, rootfs on local-lvm). */
const made = { unprivileged: '1', arch: 'amd64', ostype: 'debian', rootfs: 'local-lvm:vm-950-disk-0,size=8G', tags: 'phoenix' };

test('absent CT with a template: one pct create with the create-time flags', () => {
  const plan = planOf(lxcCreate, factsFrom({}), params('900'));
  assert.is(plan.change.kind, 'create');
  assert.equal(argvs(plan), [['pct', 'create', '900', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--hostname', 'ct900',
    '--memory', '1024', '--cores', '1', '--rootfs', 'local-lvm:8', '--storage', 'local-lvm',
    '--net0', 'name=eth0,bridge=vmbr0,gw=10.0.0.1,ip=10.0.0.150/24,type=veth', '--unprivileged', '1', '--onboot', '0', '--tags', 'phoenix', '--startup', 'order=0']]);
  // the re-read after it (the task's `reread`, no refresh command of its own) finds the CT; with its live status,
  // since a re-created CT is stopped whatever the old one was
  assert.is(lxcCreate.reread, 'guest-status');
  assert.is(planOf(lxcCreate, factsFrom({ '900': { config: made } }), params('900')).change.kind, 'none');
});

test('absent clone: pct clone from the source template snapshot', () => {
  const plan = planOf(lxcCreate, factsFrom({}), params('950'));
  assert.equal(argvs(plan), [['pct', 'clone', '900', '950', '--snapname', 'final-form', '--hostname', 'ct950', '--storage', 'local-lvm']]);
  assert.equal(lxcCreate.sources?.(params('950')), ['900']);
});

const tpl = (now: string, then: string) => ({ status: 'stopped', template: true, snapshots: ['final-form'], config: { tags: now }, snapshotConfig: { 'final-form': { tags: then, hostname: 'ct900' } } });

test('clone from a snapshot that predates a feature of the source: the plan says the clone gets the snapshot\'s state', () => {
  const facts = factsFrom({ '900': tpl('phoenix;phx-f-bbbbbbbb-base_setup;phx-f-cccccccc-extra', 'phoenix;phx-f-aaaaaaaa-base_setup') });
  const plan = planOf(lxcCreate, facts, params('950'));
  assert.equal(plan.change, {
    kind: 'create',
    detail: "clone 900@final-form -> 950: the snapshot predates features base_setup (script changed), extra (applied after it): the clone gets the snapshot's state",
  });
  assert.equal(argvs(plan), [['pct', 'clone', '900', '950', '--snapname', 'final-form', '--hostname', 'ct950', '--storage', 'local-lvm']]);
  // one feature changed: singular, and the app record (per guest, never inherited) does not matter
  const one = factsFrom({ '900': tpl('phoenix;phx-a-11111111-900;phx-f-bbbbbbbb-base_setup', 'phoenix;phx-a-22222222-900;phx-f-aaaaaaaa-base_setup') });
  assert.is(planOf(lxcCreate, one, params('950')).change.detail, "clone 900@final-form -> 950: the snapshot predates feature base_setup (script changed): the clone gets the snapshot's state");
});

test('clone from a snapshot with the source\'s current features, or without snapshot facts: the plain clone detail', () => {
  const same = factsFrom({ '900': tpl('phx-f-aaaaaaaa-base_setup;phoenix', 'phoenix;phx-f-aaaaaaaa-base_setup') });
  assert.equal(planOf(lxcCreate, same, params('950')).change, { kind: 'create', detail: 'clone 900@final-form -> 950' });
  const unknown = factsFrom({ '900': { template: true, snapshots: ['final-form'], config: { tags: 'phx-f-bbbbbbbb-base_setup' } } });
  assert.equal(planOf(lxcCreate, unknown, params('950')).change, { kind: 'create', detail: 'clone 900@final-form -> 950' });
});

test('a source on another node is not read from this node\'s facts', () => {
  const p = params('950');
  const remote = { ...p, clone: { ...p.clone!, node: 'pve2', target: 'pve' } };
  const facts = factsFrom({ '900': tpl('phx-f-bbbbbbbb-base_setup', 'phx-f-aaaaaaaa-base_setup') });
  const plan = planOf(lxcCreate, facts, remote);
  assert.equal(plan.change, { kind: 'create', detail: 'clone 900@final-form -> 950' });
  assert.equal(argvs(plan), [['@pve2', 'pct', 'clone', '900', '950', '--snapname', 'final-form', '--hostname', 'ct950', '--storage', 'local-lvm', '--target', 'pve']]);
});

test('present CT: no change, no command', () => {
  const facts = factsFrom({ '950': { status: 'running', config: made } });
  assert.equal(planOf(lxcCreate, facts, params('950')), { change: { kind: 'none', detail: 'exists' }, commands: [] });
});

test('the id exists as a VM: refused, naming it', () => {
  const facts = factsFrom({ '950': { type: 'qemu' } });
  assert.throws(() => planOf(lxcCreate, facts, params('950')), /950 exists as a VM/);
});

test('cluster: the id exists on another node: refused by name, never created twice', () => {
  const facts = factsFrom({});
  facts.elsewhere = new Map([['950', 'pve2']]);
  assert.throws(() => planOf(lxcCreate, facts, params('950')), /950 already exists on node 'pve2'/);
});


// Fixed at creation (src/tasks/lxc/identity.ts): refused by name unless --recreate; then destroyed and created again

test('950 re-created privileged by hand (with a phoenix tag): refused, naming the field and --recreate, nothing sent', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { ...made, unprivileged: '0' } } });
  // before: "exists", and the CT stayed privileged although the config says unprivileged
  assert.throws(() => planOf(lxcCreate, facts, params('950')),
    /^CT 950 needs re-creation: unprivileged 0 -> 1 \(fixed when a CT is created; `pct set` cannot change it in place\); run with --recreate to destroy and re-create it$/);
  // an absent `unprivileged:` is 0 (pve-container Config.pm default)
  const { unprivileged: _, ...noKey } = made;
  assert.throws(() => planOf(lxcCreate, factsFrom({ '950': { config: noKey } }), params('950')), /unprivileged 0 -> 1/);
});

test('--recreate: a running CT is stopped, destroyed (no --purge: it keeps its jobs) and cloned again; the re-read is satisfied', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { ...made, unprivileged: '0' } } });
  const plan = planOf(lxcCreate, facts, { ...params('950'), recreate: true });
  assert.is(plan.change.kind, 'create');
  assert.is(plan.change.detail, 're-create (unprivileged 0 -> 1): destroy CT 950, then clone 900@final-form -> 950');
  assert.equal(plan.change.kind !== 'none' && plan.change.diff, [{ field: 'unprivileged', from: '0', to: '1' }]);
  assert.equal(argvs(plan), [
    ['pct', 'stop', '950'], ['pct', 'destroy', '950'],
    ['pct', 'clone', '900', '950', '--snapname', 'final-form', '--hostname', 'ct950', '--storage', 'local-lvm'],
  ]);
  assert.is(lxcCreate.owned, true, 'only a CT Phoenix owns is destroyed (the runner asks for --adopt otherwise)');
  assert.is(planOf(lxcCreate, factsFrom({ '950': { config: made } }), { ...params('950'), recreate: true }).change.kind, 'none');
});

test('arch and rootfs storage drift: both named; the storage one says how to move it by hand', () => {
  const p = { ...params('900'), arch: 'amd64' };
  const facts = factsFrom({ '900': { config: { ...made, arch: 'arm64', rootfs: 'fast:vm-900-disk-0,size=8G' } } });
  assert.throws(() => planOf(lxcCreate, facts, p),
    /^CT 900 needs re-creation: arch arm64 -> amd64, rootfs storage fast -> local-lvm \(fixed when a CT is created.*; run with --recreate to destroy and re-create it, or move the rootfs by hand while the CT is stopped \(`pct move-volume 900 rootfs local-lvm --delete 1`\)$/);
  const plan = planOf(lxcCreate, facts, { ...p, recreate: true });
  assert.equal(argvs(plan).map((a) => a.slice(0, 2).join(' ')), ['pct destroy', 'pct create']);
  // no arch known (a template whose name says none): not compared; a bind-mounted rootfs has no storage to compare
  assert.is(planOf(lxcCreate, factsFrom({ '900': { config: { ...made, arch: 'arm64' } } }), params('900')).change.kind, 'none');
  assert.is(planOf(lxcCreate, factsFrom({ '900': { config: { ...made, rootfs: '/srv/ct900' } } }), params('900')).change.kind, 'none');
});

test('--recreate refuses a protected CT, an HA-managed one, and one locked by work that may still run, before sending anything', () => {
  const p = { ...params('950'), recreate: true };
  const drifted = { ...made, unprivileged: '0' };
  assert.throws(() => planOf(lxcCreate, factsFrom({ '950': { config: { ...drifted, protection: '1' } } }), p), /needs re-creation \(unprivileged 0 -> 1\), but it is protected/);
  const ha = factsFrom({ '950': { config: drifted } });
  ha.haManaged = ['950'];
  assert.throws(() => planOf(lxcCreate, ha, p), /managed by HA \(ct:950\)/);
  assert.throws(() => planOf(lxcCreate, factsFrom({ '950': { lock: 'backup', config: { ...drifted, lock: 'backup' } } }), p), /locked \(backup\) by work that may still run/);
});

// Left locked by an interrupted create or clone (src/tasks/interrupted.ts)

test('lock: create: diagnosed with the way out, not retried; --recreate unlocks, destroys (with the volumes it never named), creates', () => {
  const facts = factsFrom({ '950': { lock: 'create', config: { ...made, lock: 'create' } } });
  assert.throws(() => planOf(lxcCreate, facts, params('950')),
    /^CT 950 was left locked \(create\) by an interrupted create or clone; `--recreate` destroys and re-creates it$/);
  const plan = planOf(lxcCreate, facts, { ...params('950'), recreate: true });
  assert.equal(argvs(plan), [
    ['pct', 'unlock', '950'], ['pct', 'destroy', '950', '--destroy-unreferenced-disks', '1'],
    ['pct', 'clone', '900', '950', '--snapname', 'final-form', '--hostname', 'ct950', '--storage', 'local-lvm'],
  ]);
  // `pct unlock` after an adoption already released it ("no lock found ..."): done
  assert.is(plan.commands[0]!.okIf, 'no lock found trying to remove');
  // only the lock left (pct create stopped before its config was written): no Phoenix record to prove it is ours
  const bare = factsFrom({ '950': { lock: 'create', config: { lock: 'create' } } });
  assert.throws(() => planOf(lxcCreate, bare, params('950')), /carries no Phoenix record yet, so `--adopt --recreate` destroys and re-creates it/);
});

test('lock: disk on a clone source (its clone was interrupted): refused naming `pct unlock`; --recreate only unlocks it', () => {
  const facts = factsFrom({ '900': { lock: 'disk', template: true, config: { ...made, lock: 'disk' } } });
  assert.throws(() => planOf(lxcCreate, facts, params('900')), /^CT 900 was left locked \(disk\) by an interrupted clone from it \(its data is intact\): `pct unlock 900` removes the lock/);
  const plan = planOf(lxcCreate, facts, { ...params('900'), recreate: true });
  assert.equal(plan.change, { kind: 'update', detail: 'unlock: left locked (disk) by an interrupted clone from it' });
  assert.equal(argvs(plan), [['pct', 'unlock', '900']]);
});

test('reconfigure --recreate (mustExist): an absent CT is refused, never created', () => {
  assert.throws(() => planOf(lxcCreate, factsFrom({}), { ...params('950'), recreate: true, mustExist: true }), /CT 950 does not exist on pve: create it first/);
  assert.match(lxcCreate.title({ ...params('950'), mustExist: true }), /^CT 950: as created/);
});

test('sources: a clone reads its source only while it is absent (or asked to be re-created)', () => {
  const p = params('950');
  assert.equal(lxcCreate.sources?.(p), ['900']);
  assert.equal(lxcCreate.sources?.(p, factsFrom({})), ['900']);
  assert.equal(lxcCreate.sources?.(p, factsFrom({ '950': { config: made } })), []);
  assert.equal(lxcCreate.sources?.({ ...p, recreate: true }, factsFrom({ '950': { config: made } })), ['900']);
  assert.equal(lxcCreate.sources?.(params('900'), factsFrom({})), []);
});

test.run();
