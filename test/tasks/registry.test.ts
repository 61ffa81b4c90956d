// The registry is the single source of truth for task params: each task's JSON Schema accepts what the compiler
// emits for the original project's real configuration, and rejects a param of the wrong type.
import Ajv2020 from 'ajv/dist/2020.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import type { Step } from '../../src/compile/plan.js';
import type { Verb } from '../../src/compile/targets.js';
import { loadModel } from '../../src/inventory/load-model.js';
import { allTasks, taskFor } from '../../src/tasks/registry.js';
import { skipWithoutRealFixture } from '../helpers/fixtures.js';
import { realEstate } from '../helpers/real-estate.js';

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const validators = new Map(allTasks().map((t) => [t.name, ajv.compile(t.schema)]));

const validate = (step: Step): string[] => {
  const v = validators.get(step.task)!;
  return v(step.params) ? [] : (v.errors ?? []).map((e) => `${step.id}: params${e.instancePath}: ${e.message ?? 'invalid'}`);
};

/** A copy of params with its first scalar value (depth first) replaced by a value of another JSON type. */
function wrongTyped(params: unknown): { params: unknown; path: string } | undefined {
  const swap = (v: unknown): unknown => (typeof v === 'string' ? 12345 : typeof v === 'number' ? 'not-a-number' : typeof v === 'boolean' ? 'yes' : undefined);
  const walk = (v: unknown, path: string): { params: unknown; path: string } | undefined => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        const s = swap(x);
        if (s !== undefined) return { params: { ...v, [k]: s }, path: `${path}/${k}` };
        const inner = walk(x, `${path}/${k}`);
        if (inner) return { params: { ...v, [k]: inner.params }, path: inner.path };
      }
    }
    return undefined;
  };
  return walk(params, '');
}

test('every task kind has a name of its own, a closed object schema and a title', () => {
  const names = allTasks().map((t) => t.name);
  assert.equal(new Set(names).size, names.length);
  for (const t of allTasks()) {
    assert.is(t.schema.type, 'object', t.name);
    assert.is(t.schema.additionalProperties, false, `${t.name}: unknown params must be refused`);
    assert.ok(taskFor(t.name) === t);
  }
});

const real = realEstate();
if (!real) {
  skipWithoutRealFixture();
} else {
  const estate = real;
  test.after(() => estate.cleanup());

  test('each task schema accepts what the compiler emits for the real configuration, and rejects a wrong type', async () => {
    const model = await loadModel({ cwd: estate.dir, configFile: estate.configFile });
    const plans: [Verb, { all?: boolean }][] = [['LetsGo', {}], ['setup', {}], ['reconfigure', { all: true }], ['test', { all: true }],
      ['delete', { all: true }], ['restart', { all: true }]];
    const seen = new Map<string, Step>();
    const problems: string[] = [];
    for (const [verb, opts] of plans) {
      for (const step of compile(model, verb, opts).steps) {
        problems.push(...validate(step));
        if (!seen.has(step.task)) seen.set(step.task, step);
      }
    }
    assert.equal(problems, []);
    assert.ok(seen.size >= 20, `the real configuration exercises ${seen.size} task kinds`);
    for (const step of seen.values()) {
      const bad = wrongTyped(step.params);
      if (!bad) continue;
      const v = validators.get(step.task)!;
      assert.not.ok(v(bad.params), `${step.task}: params${bad.path} of the wrong type must be refused`);
    }
  });
}

test.run();
