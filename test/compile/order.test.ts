import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bootOrder, dependencyOrder } from '../../src/compile/order.js';
import type { Step } from '../../src/compile/plan.js';
import { sortSteps } from '../../src/compile/sort-steps.js';
import { resolveTargetType } from '../../src/compile/targets.js';
import { CycleError, toposort } from '../../src/compile/toposort.js';
import { PlanError } from '../../src/errors.js';
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

test('a cycle is refused, named in full', () => {
  const m = makeModel({ '900': lxc('900', { dependencies: ['950'] }), '950': lxc('950', { dependencies: ['900'] }) });
  assert.throws(() => dependencyOrder(m.guests, ['900', '950']), (e: unknown) => e instanceof PlanError && e.message === 'cycle: 900 -> 950 -> 900');
});

// the one toposort: dependency order and step sorting are both this function
const needsOf = (edges: Record<string, string[]>) => (id: string): string[] => edges[id] ?? [];

test('toposort: ids that need nothing keep the given order', () => {
  assert.equal(toposort(['c', 'a', 'b'], needsOf({})), ['c', 'a', 'b']);
});

test('toposort: an order that already satisfies the needs is returned unchanged', () => {
  assert.equal(toposort(['a', 'b', 'c', 'd'], needsOf({ c: ['a'], d: ['b', 'c'] })), ['a', 'b', 'c', 'd']);
});

test('toposort: a dependant given early moves only as far as it must; ties keep the given order', () => {
  assert.equal(toposort(['d', 'a', 'b', 'c'], needsOf({ d: ['b'] })), ['a', 'b', 'd', 'c']);
  assert.equal(toposort(['x', 'b', 'a'], needsOf({ x: ['a'] })), ['b', 'a', 'x']);
});

test('toposort: needs outside the ids are ignored; a duplicate id counts once; no id is dropped', () => {
  assert.equal(toposort(['b', 'a', 'b', 'lonely'], needsOf({ b: ['a', 'elsewhere'] })), ['a', 'b', 'lonely']);
});

test('toposort: a cycle is named in full, starting at its smallest id, following the needs', () => {
  try {
    toposort(['1', '950', '901', '900', '2'], needsOf({ '900': ['950'], '950': ['901'], '901': ['900'], '2': ['900'] }));
    assert.unreachable('a cycle must be refused');
  } catch (e) {
    assert.instance(e, CycleError);
    assert.is((e as Error).message, 'cycle: 900 -> 950 -> 901 -> 900');
    assert.equal((e as CycleError).cycle, ['900', '950', '901', '900']);
  }
});

test('toposort: a self-need is a cycle too', () => {
  assert.throws(() => toposort(['5'], needsOf({ '5': ['5'] })), (e: unknown) => e instanceof CycleError && e.message === 'cycle: 5 -> 5');
});

const step = (id: string, after: string[]): Step => ({ id, node: 'pve', guest: '950', task: 'lxc.start', params: { vmid: '950' }, after });

test('sortSteps is the same toposort: stable, the given order wherever it is free', () => {
  const steps = [step('b', ['a']), step('c', []), step('a', []), step('d', ['b'])];
  assert.equal(sortSteps(steps).map((s) => s.id), ['c', 'a', 'b', 'd']);
});

test('sortSteps names a cycle among steps in full, as dependency order does', () => {
  assert.throws(() => sortSteps([step('x', ['y']), step('y', ['x'])]), (e: unknown) => e instanceof PlanError && /cycle: x -> y -> x/.test(e.message));
});

test.run();
