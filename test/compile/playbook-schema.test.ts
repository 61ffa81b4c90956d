// The playbook schema is generated from the verb table and the task registry; the committed file is the generated
// one, and the playbook loader validates with it (every error at once, one line each).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import { PLAYBOOK_SCHEMA_FILE, PLAYBOOK_SCHEMA_ID, playbookSchema, playbookSchemaText } from '../../src/compile/playbook-schema.js';
import { GUEST_ID_PATTERN, NODE_NAME_PATTERN, VERBS } from '../../src/compile/targets.js';
import { planToYaml, parsePlaybook } from '../../src/compile/to-yaml.js';
import { validatePlaybook } from '../../src/compile/validate-playbook.js';
import { playbookDrift } from '../../src/compile/playbook-drift.js';
import { ConfigError } from '../../src/errors.js';
import { loadModel } from '../../src/inventory/load-model.js';
import { allTasks } from '../../src/tasks/registry.js';
import { repoRoot, skipWithoutRealFixture } from '../helpers/fixtures.js';
import { seedModel } from '../helpers/model.js';
import { realEstate } from '../helpers/real-estate.js';

const readJson = (rel: string): Record<string, unknown> => JSON.parse(readFileSync(join(repoRoot(), rel), 'utf8')) as Record<string, unknown>;
type Defs = { $defs: Record<string, { pattern?: string }> };

const problems = (doc: unknown): string[] => {
  try {
    validatePlaybook(doc, 'p.yaml');
    return [];
  } catch (e) {
    assert.instance(e, ConfigError);
    return [...(e as ConfigError).problems];
  }
};

test('the committed playbook schema is the generated one (run `npm run schemas` after changing a verb or a task schema)', () => {
  const committed = readFileSync(join(repoRoot(), PLAYBOOK_SCHEMA_FILE), 'utf8');
  assert.equal(JSON.parse(committed), playbookSchema(), 'config/schemas/playbook.schema.json is stale: run npm run schemas');
  assert.is(committed, playbookSchemaText());
  assert.is(playbookSchema()['$id'], PLAYBOOK_SCHEMA_ID);
});

test('the id patterns are the configuration schemas\' own', () => {
  assert.is(GUEST_ID_PATTERN, (readJson('config/schemas/lxc-configs.schema.json') as Defs).$defs['guestId']!.pattern);
  assert.is(NODE_NAME_PATTERN, (readJson('config/schemas/inventory.schema.json') as Defs).$defs['nodeName']!.pattern);
});

test('every verb and every task kind is in the schema; each task\'s params are its own schema', () => {
  const s = playbookSchema() as { properties: { verb: { enum: string[] } }; $defs: Record<string, unknown> };
  assert.equal(s.properties.verb.enum, [...VERBS]);
  for (const t of allTasks()) assert.equal(s.$defs[`params:${t.name}`], t.schema, t.name);
});

test('plan test <node> validates as a playbook (node names are targets of test)', () => {
  const plan = { verb: 'test', targets: ['pve', '950'], steps: [], configHash: '0'.repeat(64) };
  assert.equal(problems(plan), []);
  assert.equal(problems({ ...plan, verb: 'start' }), ['p.yaml: /targets/0: must be a guest id: a digit string 100..999999999']);
  assert.equal(problems({ ...plan, targets: ['-pve'] }), ['p.yaml: /targets/0: must be a guest id or a node name']);
  assert.equal(problems({ ...plan, verb: 'setup', targets: ['-pve'] }), ['p.yaml: /targets/0: must be a node name of letters, digits, _ . -']);
});

test('a compiled plan round-trips through YAML and validates', () => {
  const plan = compile(seedModel(), 'restart', { ids: ['950', '953'] });
  assert.equal(validatePlaybook(parsePlaybook(planToYaml(plan)), 'r.yaml'), JSON.parse(JSON.stringify(plan)));
});

test('a step\'s params are checked with its task\'s schema: `file: /steps/N/params/x: message`, every error at once', () => {
  const plan = compile(seedModel(), 'start', { ids: ['953', '950'] });
  const doc = JSON.parse(JSON.stringify(plan)) as { steps: { params: Record<string, unknown>; task: string }[] };
  doc.steps[0]!.params['vmid'] = '95x';
  doc.steps[1]!.params['extra'] = true;
  doc.steps[1]!.task = 'lxc.frobnicate';
  assert.equal(problems(doc), [
    'p.yaml: /steps/0/params/vmid: must match pattern "^[1-9][0-9]{2,8}$"',
    'p.yaml: /steps/1/task: unknown task kind \'lxc.frobnicate\'',
  ]);
  doc.steps[1]!.task = 'lxc.start';
  assert.equal(problems(doc), [
    'p.yaml: /steps/0/params/vmid: must match pattern "^[1-9][0-9]{2,8}$"',
    'p.yaml: /steps/1/params: must NOT have additional property \'extra\'',
  ]);
});

test('steps out of order or with duplicate ids are refused by position', () => {
  const plan = compile(seedModel(), 'start', { ids: ['953', '950'] });
  const doc = JSON.parse(JSON.stringify(plan)) as typeof plan;
  doc.steps.reverse();
  assert.equal(problems(doc), ['p.yaml: /steps/0/after/0: \'953:lxc.start\' is not an earlier step']);
});

const real = realEstate();
if (!real) {
  skipWithoutRealFixture();
} else {
  const estate = real;
  test.after(() => estate.cleanup());

  test('the real configuration\'s plans, as playbooks, validate and are current', async () => {
    const model = await loadModel({ cwd: estate.dir, configFile: estate.configFile });
    const plans = [compile(model, 'LetsGo'), compile(model, 'setup'), compile(model, 'reconfigure', { all: true }), compile(model, 'test', { all: true }),
      compile(model, 'test', { ids: ['pve'] }), compile(model, 'delete', { all: true }), compile(model, 'restart', { all: true })];
    for (const plan of plans) {
      const back = validatePlaybook(parsePlaybook(planToYaml(plan)), `${plan.verb}.yaml`);
      assert.is(playbookDrift(back, model), undefined, plan.verb);
    }
  });
}

test.run();
