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
