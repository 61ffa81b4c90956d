// A playbook document must match config/schemas/playbook.schema.json, name known tasks, and be a DAG in order.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { ConfigError } from '../errors.js';
import { TASKS } from '../tasks/registry.js';
import type { Plan } from './plan.js';

const schema = JSON.parse(readFileSync(new URL('../../../config/schemas/playbook.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const check = ajv.compile(schema);

export function validatePlaybook(doc: unknown, file: string): Plan {
  if (!check(doc)) {
    throw new ConfigError((check.errors ?? []).map((e) => `${file}: ${e.instancePath || '/'}: ${e.message ?? 'invalid'}`));
  }
  const plan = doc as Plan;
  const problems: string[] = [];
  const seen = new Set<string>();
  plan.steps.forEach((s, i) => {
    if (!TASKS.has(s.task)) problems.push(`${file}: /steps/${i}/task: unknown task kind '${s.task}'`);
    if (seen.has(s.id)) problems.push(`${file}: /steps/${i}/id: duplicate step id '${s.id}'`);
    s.after.forEach((a, j) => { if (!seen.has(a)) problems.push(`${file}: /steps/${i}/after/${j}: '${a}' is not an earlier step`); });
    seen.add(s.id);
  });
  if (problems.length) throw new ConfigError(problems);
  return plan;
}
