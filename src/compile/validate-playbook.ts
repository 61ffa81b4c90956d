// A playbook document must match the playbook schema (generated: src/compile/playbook-schema.ts), each step's
// params its task's schema, and its steps must be in order (each `after` an earlier step, ids unique).
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import { ConfigError } from '../errors.js';
import { formatAjvErrors } from '../inventory/format-ajv-error.js';
import type { Plan } from './plan.js';
import { playbookSchema } from './playbook-schema.js';

let check: ReturnType<Ajv2020.default['compile']> | undefined;
// compiled on first use, without ajv's code optimiser (~0.4 s for the ~40 task schemas instead of ~0.8 s);
// verbose: the error formatter reads the failing schema's `x-expected`
const validator = (): NonNullable<typeof check> =>
  (check ??= new Ajv2020.default({ allErrors: true, verbose: true, strict: false, code: { optimize: false } }).compile(playbookSchema()));

const isTaskError = (e: ErrorObject): boolean => e.keyword === 'enum' && /^\/steps\/\d+\/task$/.test(e.instancePath);

function valueAt(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const k of pointer.split('/').slice(1)) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/** One line per problem, as the configuration's: `file: /steps/3/params/vmid: must match pattern "..."`. */
function schemaProblems(file: string, errors: readonly ErrorObject[], doc: unknown): string[] {
  const tasks = errors.filter(isTaskError).map((e) => `${file}: ${e.instancePath}: unknown task kind '${String(valueAt(doc, e.instancePath))}'`);
  const rest = formatAjvErrors(file, errors.filter((e) => !isTaskError(e)));
  return [...tasks, ...rest].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export function validatePlaybook(doc: unknown, file: string): Plan {
  const v = validator();
  if (!v(doc)) throw new ConfigError(schemaProblems(file, v.errors ?? [], doc));
  const plan = doc as Plan;
  const problems: string[] = [];
  const seen = new Set<string>();
  plan.steps.forEach((s, i) => {
    if (seen.has(s.id)) problems.push(`${file}: /steps/${i}/id: duplicate step id '${s.id}'`);
    s.after.forEach((a, j) => { if (!seen.has(a)) problems.push(`${file}: /steps/${i}/after/${j}: '${a}' is not an earlier step`); });
    seen.add(s.id);
  });
  if (problems.length) throw new ConfigError(problems);
  return plan;
}
