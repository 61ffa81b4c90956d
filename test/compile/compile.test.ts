import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import type { Plan } from '../../src/compile/plan.js';
import { PlanError, UsageError } from '../../src/errors.js';
import { lxc, makeModel, seedModel } from '../helpers/model.js';

const ids = (p: Plan): string[] => p.steps.map((s) => s.id);
const guestsOf = (p: Plan, task: RegExp): string[] => p.steps.filter((s) => task.test(s.task)).map((s) => s.guest!);
const indexOf = (p: Plan, id: string): number => ids(p).indexOf(id);

/** Every `after` names an earlier step. */
function assertTopological(p: Plan): void {
  const seen = new Set<string>();
  for (const s of p.steps) {
    for (const a of s.after) assert.ok(seen.has(a), `${s.id} waits for ${a}, which is not earlier`);
    seen.add(s.id);
  }
}

test('PHOENIX-DIS-08 create 950 900: 900 is created (and snapshotted) before 950 is cloned', () => {
  const p = compile(seedModel(), 'create', { ids: ['950', '900'] });
  assertTopological(p);
  assert.equal(guestsOf(p, /^lxc\.create$/), ['900', '950']);
  assert.ok(indexOf(p, '900:lxc.snapshot:final-form') < indexOf(p, '950:lxc.create'));
  assert.ok(p.steps.find((s) => s.id === '950:lxc.create')!.after.includes('900:lxc.snapshot:final-form'));
  const create = p.steps.find((s) => s.id === '950:lxc.create')!;
  assert.ok(create.task === 'lxc.create');
  if (create.task === 'lxc.create') assert.equal(create.params.clone, { from: '900', snapname: 'final-form' });
});

test('create pulls missing prerequisites into the plan and says so', () => {
  const p = compile(seedModel(), 'create', { ids: ['950'] });
  assert.equal(guestsOf(p, /^lxc\.create$/), ['900', '950']);
  assert.match(p.notes!.join('\n'), /prerequisites pulled in: 900/);
});

test('PHOENIX-DIS-09 start 953 950: 953 (boot order 1) before 950 (boot order 3)', () => {
  const p = compile(seedModel(), 'start', { ids: ['953', '950'] });
  assert.equal(guestsOf(p, /start$/), ['953', '950']);
  assert.equal(p.steps[1]!.after, ['953:lxc.start']);
});

test('start of a VM uses qm (vm.start) and never starts a template', () => {
  const p = compile(seedModel(), 'start', { ids: ['1000', '9000'] });
  assert.equal(p.steps.map((s) => s.task), ['vm.start']);
  assert.match(p.notes!.join('\n'), /9000 is a template/);
});

test('stop is the reverse boot order, targets only', () => {
  const p = compile(seedModel(), 'stop', { ids: ['953', '950'] });
  assert.equal(guestsOf(p, /stop$/), ['950', '953']);
});

test('restart stops every target, then starts them in boot order', () => {
  const p = compile(seedModel(), 'restart', { ids: ['950', '953'] });
  assert.equal(p.steps.map((s) => s.id), ['950:lxc.stop#restart', '953:lxc.stop#restart', '953:lxc.start#restart', '950:lxc.start#restart']);
  assertTopological(p);
});

test('delete: dependants first', () => {
  const p = compile(seedModel(), 'delete', { ids: ['900', '950', '953'] });
  assert.equal(guestsOf(p, /delete$/), ['953', '950', '900']);
  assert.equal(p.steps[2]!.after.sort(), ['950:lxc.delete', '953:lxc.delete']);
});

test('delete refuses a source a remaining guest still clones from, naming it', () => {
  try {
    compile(seedModel(), 'delete', { ids: ['900'] });
    assert.unreachable('should refuse');
  } catch (e) {
    assert.instance(e, PlanError);
    assert.match((e as Error).message, /refusing to delete 900: 950 clones from it, 953 clones from it/);
  }
});

test('LetsGo: creates everything in dependency order; non-templates start in (effective) boot order', () => {
  const p = compile(seedModel(), 'LetsGo');
  assertTopological(p);
  assert.equal(guestsOf(p, /\.create$/), ['900', '950', '953', '9000', '1000']);
  const starts = p.steps.filter((s) => /\.start$/.test(s.task)).map((s) => s.guest);
  assert.equal(starts, ['900', '953', '1000', '950']);
  assert.ok(p.steps.find((s) => s.id === '950:lxc.start')!.after.includes('1000:vm.start'));
  assert.ok(!p.steps.some((s) => s.guest === '9000' && /start/.test(s.task)));
});

test('LetsGo: a guest never starts before its prerequisites, even with a lower boot_order (no cycle)', () => {
  const m = makeModel({
    '900': lxc('900', { template_snapshot_name: 's', boot_order: 0 }),
    '101': lxc('101', { clone_from_ctid: '900', dependencies: ['102'], boot_order: 1 }),
    '102': lxc('102', { clone_from_ctid: '900', boot_order: 3 }),
    '103': lxc('103', { clone_from_ctid: '900', boot_order: 2 }),
  });
  const p = compile(m, 'LetsGo');
  assertTopological(p);
  assert.equal(p.steps.filter((s) => s.task === 'lxc.start').map((s) => s.guest), ['900', '103', '102', '101']);
});

test('verbs other than setup/LetsGo need targets; unknown ids are named', () => {
  assert.throws(() => compile(seedModel(), 'start', {}), (e: Error) => e instanceof UsageError && e.message === "Error: Verb 'start' requires at least one target ID");
  assert.throws(() => compile(seedModel(), 'start', { ids: ['9999'] }), (e: Error) => e.message === "Error: Target ID '9999' not found");
});

test('--all selects every guest explicitly', () => {
  const p = compile(makeModel({ '1': lxc('100'), '2': lxc('200') }), 'stop', { all: true });
  assert.equal(p.targets, ['1', '2']);
});

test('test <node> is allowed (node names are targets of test only)', () => {
  assert.equal(compile(seedModel(), 'test', { ids: ['pve'] }).targets, ['pve']);
  assert.throws(() => compile(seedModel(), 'start', { ids: ['pve'] }), (e: Error) => e.message === "Error: Target ID 'pve' not found");
});

test('the plan records the compile options its verb uses, and only those', () => {
  const m = seedModel();
  assert.is(compile(m, 'stop', { all: true }).all, true);
  assert.not.ok('all' in compile(m, 'stop', { ids: ['950'] }));
  const t = compile(m, 'test', { ids: ['950'], suite: 'smoke' });
  assert.is(t.suite, 'smoke');
  const c = compile(m, 'create', { ids: ['950'], suite: 'smoke', wipeDisks: true });
  assert.not.ok('suite' in c || 'wipeDisks' in c);
  assert.is(compile(m, 'setup', { wipeDisks: true }).wipeDisks, true);
  assert.not.ok('all' in compile(m, 'LetsGo', { all: true }));
});

test('LetsGo: the start steps are the chains\' own (no start step is added or lost)', () => {
  const p = compile(seedModel(), 'LetsGo');
  const starts = p.steps.filter((s) => s.task === 'lxc.start' || s.task === 'vm.start').map((s) => s.id);
  assert.equal(starts, ['900:lxc.start', '953:lxc.start', '1000:vm.start', '950:lxc.start']);
  assert.ok(p.steps.find((s) => s.id === '953:lxc.start')!.after.includes('900:lxc.start'));
});

test.run();
