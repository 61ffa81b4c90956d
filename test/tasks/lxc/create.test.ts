import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcCreateParams } from '../../../src/compile/lxc-params.js';
import type { LxcGuest } from '../../../src/inventory/model.js';
import { lxcCreate } from '../../../src/tasks/lxc/create.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';
import { seedModel } from '../../helpers/model.js';

const model = seedModel();
const params = (id: string) => lxcCreateParams(model, model.guests.get(id) as LxcGuest);

test('absent CT with a template: one pct create with the create-time flags', () => {
  const plan = planOf(lxcCreate, factsFrom({}), params('900'));
  assert.is(plan.change.kind, 'create');
  assert.equal(argvs(plan), [['pct', 'create', '900', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--hostname', 'ct900',
    '--memory', '1024', '--cores', '1', '--rootfs', 'local-lvm:8', '--storage', 'local-lvm',
    '--net0', 'name=eth0,bridge=vmbr0,gw=10.0.0.1,ip=10.0.0.150/24,type=veth', '--unprivileged', '1', '--onboot', '0', '--tags', 'phoenix', '--startup', 'order=0']]);
  // the re-read after it (the task's `reread: 'guest'`, no refresh command of its own) finds the CT
  assert.is(lxcCreate.reread, 'guest');
  assert.is(planOf(lxcCreate, factsFrom({ '900': {} }), params('900')).change.kind, 'none');
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
  const facts = factsFrom({ '950': { status: 'running' } });
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

test.run();
