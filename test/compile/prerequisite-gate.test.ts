// A prerequisite is converged only as far as its dependants need it (issue 11 point 8): built -> every step of it
// is nothing to do (its power state, config and features left alone); absent or unfinished -> built as a target is.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import type { Plan, Step } from '../../src/compile/plan.js';
import { planOf } from '../../src/compile/step-def.js';
import { featureTag } from '../../src/tasks/tags.js';
import { factsFrom, planEnv, type GuestSketch } from '../helpers/facts.js';
import { lxc, makeModel } from '../helpers/model.js';

const HASH = 'a'.repeat(64);
// 900: the template CT (snapshot final-form, one feature); 917 clones it and is the target
const model = (): ReturnType<typeof makeModel> => {
  const m = makeModel({
    '900': lxc('900', { template_snapshot_name: 'final-form', features: ['base_setup'], memory_mb: 1024 }),
    '917': lxc('917', { clone_from_ctid: '900' }),
  });
  return { ...m, scriptFiles: { 'features/base_setup.sh': { path: '/scripts/features/base_setup.sh', sha256: HASH, firstLine: '#!/bin/sh' } } };
};
const plan = (): Plan => compile(model(), 'create', { ids: ['917'] });
const step = (p: Plan, id: string): Step => p.steps.find((s) => s.id === id)!;

/** 900 as built by an earlier run, then stopped by hand (and its memory changed by hand). */
const built = (over: GuestSketch = {}): GuestSketch => ({
  status: 'stopped', snapshots: ['final-form'], config: { memory: '4096', tags: `phoenix;${featureTag('base_setup', HASH)}` }, ...over,
});

test('built and stopped: every step of the prerequisite is nothing to do — it is not started, its drift not fixed', () => {
  const p = plan();
  const facts = factsFrom({ '900': built() });
  for (const s of p.steps.filter((x) => x.guest === '900')) {
    const r = planOf(s, facts, planEnv());
    assert.is(r.change.kind, 'none', `${s.id}: ${JSON.stringify(r.change)}`);
    assert.equal(r.commands, []);
  }
  assert.match(planOf(step(p, '900:lxc.start'), facts, planEnv()).change.detail ?? '', /prerequisite of 917: has its snapshot final-form; left as it is \(stopped\)/);
});

test('the target is not gated: its own start is planned', () => {
  const facts = factsFrom({ '900': built(), '917': { status: 'stopped', config: { tags: 'phoenix' } } });
  assert.equal(planOf(step(plan(), '917:lxc.start'), facts, planEnv()).commands.map((c) => c.argv.join(' ')), ['pct start 917']);
});

test('absent: the prerequisite is built like a target (created, then the rest of its chain plans as usual)', () => {
  const p = plan();
  const none = factsFrom({});
  assert.equal(planOf(step(p, '900:lxc.create'), none, planEnv()).change.kind, 'create');
  // once its first step changed something in this run, the build goes on to the end (it is started to run features)
  const created = factsFrom({ '900': { status: 'stopped', config: { tags: 'phoenix' } } });
  assert.equal(planOf(step(p, '900:lxc.start'), created, planEnv({ changedBefore: true })).commands.map((c) => c.argv.join(' ')), ['pct start 900']);
});

test('unfinished (no template snapshot, or a feature without its record): built on, started if need be', () => {
  const p = plan();
  const noSnap = factsFrom({ '900': built({ snapshots: [] }) });
  assert.equal(planOf(step(p, '900:lxc.start'), noSnap, planEnv()).commands.map((c) => c.argv.join(' ')), ['pct start 900']);
  const noRecord = factsFrom({ '900': built({ config: { tags: 'phoenix' } }) });
  assert.equal(planOf(step(p, '900:lxc.start'), noRecord, planEnv()).commands.map((c) => c.argv.join(' ')), ['pct start 900']);
  // a record with another script hash counts as built: 917 clones the snapshot as it is
  const oldRecord = factsFrom({ '900': built({ config: { tags: `phoenix;${featureTag('base_setup', 'b'.repeat(64))}` } }) });
  assert.is(planOf(step(p, '900:lxc.feature:base_setup'), oldRecord, planEnv()).change.kind, 'none');
});

test('without the mark the same facts do start 900 (what `create 917` did before)', () => {
  const s = step(plan(), '900:lxc.start');
  const { prerequisite: _, ...unmarked } = s;
  assert.equal(planOf(unmarked as Step, factsFrom({ '900': built() }), planEnv()).commands.map((c) => c.argv.join(' ')), ['pct start 900']);
});

test.run();
