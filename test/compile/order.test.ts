import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bootOrder, dependencyOrder } from '../../src/compile/order.js';
import { resolveTargetType } from '../../src/compile/targets.js';
import { lxc, makeModel, seedModel } from '../helpers/model.js';

test('PHX-CU-01 resolve_target_type finds an LXC', () => {
  assert.is(resolveTargetType(seedModel(), '950'), 'lxc');
});

test('PHX-CU-02 resolve_target_type finds a VM', () => {
  assert.is(resolveTargetType(seedModel(), '1000'), 'vm');
});

test('PHX-CU-03 resolve_target_type: unknown id', () => {
  assert.is(resolveTargetType(seedModel(), '9999'), 'unknown');
});

test('PHX-CU-04 dependency order of 950 900 is 900, 950', () => {
  assert.equal(dependencyOrder(seedModel().guests, ['950', '900']), ['900', '950']);
});

test('PHX-CU-05 boot order of 950 953 is 953, 950', () => {
  assert.equal(bootOrder(seedModel().guests, ['950', '953']), ['953', '950']);
});

test('dependency order crosses LXC and VM and keeps ties by id', () => {
  const m = makeModel({
    '101': lxc('101', { dependencies: ['1001'] }),
    '102': lxc('102'),
    '103': lxc('103'),
  }, [{ vmid: 1001, name: 'v', dependencies: ['103'] }]);
  assert.equal(dependencyOrder(m.guests, ['101', '102', '103', '1001']), ['102', '103', '1001', '101']);
});

test('VMs use their boot_order too; guests without one start last', () => {
  const m = makeModel({ '950': lxc('950', { boot_order: 3 }), '951': lxc('951') }, [{ vmid: 1000, name: 'v', boot_order: 1 }]);
  assert.equal(bootOrder(m.guests, ['951', '950', '1000']), ['1000', '950', '951']);
});

test('a cycle is refused with the ids', () => {
  const m = makeModel({ '900': lxc('900', { dependencies: ['950'] }), '950': lxc('950', { dependencies: ['900'] }) });
  assert.throws(() => dependencyOrder(m.guests, ['900', '950']), /cycle/);
});

test.run();
