import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcCreateParams } from '../../../src/compile/lxc-params.js';
import type { LxcGuest } from '../../../src/inventory/model.js';
import { lxcCreate } from '../../../src/tasks/lxc/create.js';
import { factsFrom, recorder } from '../../helpers/facts.js';
import { seedModel } from '../../helpers/model.js';

const model = seedModel();
const params = (id: string) => lxcCreateParams(model, model.guests.get(id) as LxcGuest);

test('absent CT with a template: one pct create with the create-time flags', async () => {
  const facts = factsFrom({});
  const p = params('900');
  assert.is(lxcCreate.check(facts, p).kind, 'create');
  const ctx = recorder(facts);
  await lxcCreate.apply(ctx, p);
  assert.equal(ctx.calls[0], ['pct', 'create', '900', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--hostname', 'ct900',
    '--memory', '1024', '--cores', '1', '--rootfs', 'local-lvm:8', '--storage', 'local-lvm',
    '--net0', 'name=eth0,bridge=vmbr0,gw=10.0.0.1,ip=10.0.0.150/24,type=veth', '--unprivileged', '1', '--onboot', '0', '--tags', 'phoenix', '--startup', 'order=0']);
  assert.equal(ctx.calls[1], ['<refresh>', '900']);
});

test('absent clone: pct clone from the source template snapshot', async () => {
  const ctx = recorder(factsFrom({}));
  await lxcCreate.apply(ctx, params('950'));
  assert.equal(ctx.calls[0], ['pct', 'clone', '900', '950', '--snapname', 'final-form', '--hostname', 'ct950', '--storage', 'local-lvm']);
});

test('present CT: no change, no command', () => {
  const facts = factsFrom({ '950': { status: 'running' } });
  assert.is(lxcCreate.check(facts, params('950')).kind, 'none');
});

test('the id exists as a VM: refused, naming it', () => {
  const facts = factsFrom({ '950': { type: 'qemu' } });
  assert.throws(() => lxcCreate.check(facts, params('950')), /950 exists as a VM/);
});

test('cluster: the id exists on another node: refused by name, never created twice', () => {
  const facts = factsFrom({});
  facts.elsewhere = new Map([['950', 'pve2']]);
  assert.throws(() => lxcCreate.check(facts, params('950')), /950 already exists on node 'pve2'/);
});

test.run();
