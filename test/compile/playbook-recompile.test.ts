// Playbooks of limited LetsGo / setup plans and of plans with prerequisites: valid against the playbook schema, current
// against their configuration, and recompiled with their targets; the recorded `config` is part of the schema.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/compile/compile.js';
import type { Plan } from '../../src/compile/plan.js';
import { playbookDrift, recompileArgs } from '../../src/compile/playbook-drift.js';
import { parsePlaybook, planToYaml } from '../../src/compile/to-yaml.js';
import { validatePlaybook } from '../../src/compile/validate-playbook.js';
import { ConfigError } from '../../src/errors.js';
import { seedModel } from '../helpers/model.js';

const m = seedModel();
const viaFile = (p: Plan): Plan => validatePlaybook(parsePlaybook(planToYaml(p)), 'p.yaml');

test('LetsGo --limit 950: its playbook (prerequisite steps included) validates, is current, and recompiles with 950', () => {
  const plan = viaFile(compile(m, 'LetsGo', { ids: ['950'] }));
  assert.equal(plan.targets, ['950']);
  assert.is(playbookDrift(plan, m), undefined);
  assert.equal(recompileArgs(plan), ['plan', 'LetsGo', '950']);
});

test('setup --limit pve: recompiled with the node', () => {
  const plan = viaFile(compile(m, 'setup', { ids: ['pve'] }));
  assert.equal(recompileArgs(plan), ['plan', 'setup', 'pve']);
});

test('--recreate is recorded and recompiled with', () => {
  const plan = viaFile(compile(m, 'create', { ids: ['950'], recreate: true }));
  assert.is(plan.recreate, true);
  assert.is(playbookDrift(plan, m), undefined);
  assert.equal(recompileArgs(plan), ['plan', 'create', '950', '--recreate']);
});

test('the recorded config is a path; the header says the playbook runs from any directory', () => {
  const plan: Plan = { ...compile(m, 'start', { ids: ['950'] }), config: '../phoenix.config.yaml' };
  const text = planToYaml(plan);
  assert.match(text, /^# .*from any directory: its configuration is \.\.\/phoenix\.config\.yaml, relative to this file; -c FILE overrides/);
  assert.is(viaFile(plan).config, '../phoenix.config.yaml');
  assert.throws(() => validatePlaybook({ ...plan, config: '' }, 'p.yaml'), (e: unknown) => e instanceof ConfigError && /p\.yaml: \/config: /.test(e.message));
  assert.throws(() => validatePlaybook({ ...plan, config: 'a\nb' }, 'p.yaml'), (e: unknown) => e instanceof ConfigError && /p\.yaml: \/config: /.test(e.message));
});

test.run();
