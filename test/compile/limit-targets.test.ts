// --limit and ids for every verb (issue 11 point 3): LetsGo builds the targets and what they need and starts only
// the targets; setup runs one node's hypervisor tasks; something that is neither an id nor a node is refused,
// with the nearest known ids; a guest verb without ids names --all.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import type { Plan } from '../../src/compile/plan.js';
import { UsageError } from '../../src/errors.js';
import { lxc, makeModel, node, seedModel, vm } from '../helpers/model.js';

const guestsOf = (p: Plan): string[] => [...new Set(p.steps.flatMap((s) => (s.guest !== undefined ? [s.guest] : [])))];
const starts = (p: Plan): string[] => p.steps.filter((s) => /\.start$/.test(s.task) && !s.prerequisite).map((s) => s.guest!);
const refusal = (f: () => unknown): string[] => {
  try { f(); } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return (e as UsageError).lines();
  }
  throw new Error('not refused');
};

test('LetsGo --limit 950: 950 and its clone source only, and only 950 starts as a target', () => {
  const p = compile(seedModel(), 'LetsGo', { ids: ['950'] });
  assert.equal(p.targets, ['950']);
  assert.equal(guestsOf(p), ['900', '950']);
  assert.equal(starts(p), ['950']);
  // 900 is converged as far as 950 needs it: every step of it carries the mark
  const of900 = p.steps.filter((s) => s.guest === '900');
  assert.ok(of900.length > 0 && of900.every((s) => s.prerequisite?.of.join() === '950' && s.prerequisite.snapshot === 'final-form'), JSON.stringify(of900.map((s) => s.prerequisite)));
  assert.ok(p.steps.filter((s) => s.guest === '950').every((s) => s.prerequisite === undefined));
  assert.match((p.notes ?? []).join('\n'), /prerequisites pulled in: 900/);
});

test('LetsGo 1000: the VM, its template (converted, never started), nothing else', () => {
  const p = compile(seedModel(), 'LetsGo', { ids: ['1000'] });
  assert.equal(guestsOf(p), ['9000', '1000']);
  assert.ok(p.steps.filter((s) => s.guest === '9000').every((s) => s.prerequisite?.template === true));
  assert.equal(starts(p), ['1000']);
});

test('LetsGo without ids is every guest, all of them targets (no prerequisite marks), and records no targets', () => {
  const p = compile(seedModel(), 'LetsGo');
  assert.equal(p.targets, []);
  assert.equal(guestsOf(p).sort((a, b) => Number(a) - Number(b)), ['900', '950', '953', '1000', '9000']);
  assert.ok(p.steps.every((s) => s.prerequisite === undefined));
});

test('LetsGo <node> stands for the guests on that node', () => {
  const m = makeModel({ '900': lxc('900', { node: 'pve' }), '901': lxc('901', { node: 'pve2' }) }, [], [node('pve'), node('pve2')]);
  const p = compile(m, 'LetsGo', { ids: ['pve2'] });
  assert.equal(p.targets, ['901']);
  assert.equal(guestsOf(p), ['901']);
  assert.ok(p.steps.every((s) => s.node === 'pve2'));
  const empty = makeModel({ '900': lxc('900') }, [], [node('pve'), node('spare')]);
  assert.match(refusal(() => compile(empty, 'LetsGo', { ids: ['spare'] })).join('\n'), /no guest runs on 'spare'/);
});

test('create 950: the clone source is a marked prerequisite, 950 is not', () => {
  const p = compile(seedModel(), 'create', { ids: ['950'] });
  assert.ok(p.steps.some((s) => s.id === '900:lxc.start' && s.prerequisite?.of[0] === '950'));
  assert.ok(p.steps.some((s) => s.id === '950:lxc.start' && s.prerequisite === undefined));
});

test('an unknown word is refused before anything is compiled, with the nearest known ids', () => {
  assert.equal(refusal(() => compile(seedModel(), 'LetsGo', { ids: ['abc'] })), ["Error: Target ID 'abc' not found"]);
  assert.equal(refusal(() => compile(seedModel(), 'LetsGo', { ids: ['951'] })), ["Error: Target ID '951' not found (did you mean '950', '953' or '900'?)"]);
  assert.equal(refusal(() => compile(seedModel(), 'start', { ids: ['90'] })), ["Error: Target ID '90' not found (did you mean '900', '950' or '953'?)"]);
  // LetsGo takes node names: a mistyped one is suggested
  assert.equal(refusal(() => compile(seedModel(), 'LetsGo', { ids: ['pev'] })), ["Error: Target ID 'pev' not found (did you mean 'pve'?)"]);
});

test('setup --limit: only that node; a guest id or an unknown word is refused, naming the nodes', () => {
  const hv = { zfs: { pools: [{ name: 'tank', raid_level: 'single', disks: ['/dev/sdb'] }] } };
  const m = { ...makeModel({ '900': lxc('900') }, [], [node('pve'), node('pve2')]), hypervisor: hv };
  const all = compile(m, 'setup');
  assert.equal(all.targets, []);
  assert.equal([...new Set(all.steps.map((s) => s.node))], ['pve', 'pve2']);
  const one = compile(m, 'setup', { ids: ['pve2'] });
  assert.equal(one.targets, ['pve2']);
  assert.ok(one.steps.length > 0 && one.steps.every((s) => s.node === 'pve2'), one.steps.map((s) => s.id).join(' '));
  assert.equal(refusal(() => compile(m, 'setup', { ids: ['abc'] })), ["Error: Node 'abc' not found (nodes: pve, pve2)"]);
  assert.equal(refusal(() => compile(m, 'setup', { ids: ['pve3'] })), ["Error: Node 'pve3' not found (did you mean 'pve' or 'pve2'?)"]);
  assert.equal(refusal(() => compile(m, 'setup', { ids: ['900'] })), ["Error: setup acts on nodes, and '900' is a guest (on node 'pve': phoenix setup --limit pve)"]);
});

test('a guest verb without ids: the seed line, then how to name targets (--all)', () => {
  const lines = refusal(() => compile(seedModel(), 'start', {}));
  assert.equal(lines[0], "Error: Verb 'start' requires at least one target ID");
  assert.match(lines[1] ?? '', /--all/);
});

test('--recreate is recorded for create, reconfigure and LetsGo, and nowhere else', () => {
  const m = seedModel();
  assert.is(compile(m, 'create', { ids: ['950'], recreate: true }).recreate, true);
  assert.is(compile(m, 'reconfigure', { ids: ['950'], recreate: true }).recreate, true);
  assert.is(compile(m, 'LetsGo', { recreate: true }).recreate, true);
  assert.not.ok('recreate' in compile(m, 'start', { ids: ['950'], recreate: true }));
  assert.not.ok('recreate' in compile(m, 'create', { ids: ['950'] }));
});

test('a VM dependency of a limited target is a prerequisite too (not started as one)', () => {
  const m = makeModel({ '950': lxc('950', { dependencies: ['1000'] }) }, [vm(1000, { template_image: 'noble.img' })]);
  const p = compile(m, 'LetsGo', { ids: ['950'] });
  assert.equal(guestsOf(p), ['1000', '950']);
  assert.ok(p.steps.filter((s) => s.guest === '1000').every((s) => s.prerequisite !== undefined));
  assert.equal(starts(p), ['950']);
});

test.run();
