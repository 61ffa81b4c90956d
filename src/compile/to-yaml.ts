// Plan <-> YAML playbook. The playbook is the same document as `plan --format json`; written to a file with
// `plan -o`, it also records where its configuration is (`config`, relative to the playbook's directory).
import { parse } from '../inventory/yaml.js';
import type { Plan } from './plan.js';
import { toYamlBytes } from './yaml-emit.js';

function howToRun(plan: Plan): string {
  if (plan.config !== undefined) {
    return `phoenix run <this file>   (from any directory: its configuration is ${plan.config}, relative to this file; -c FILE overrides)`;
  }
  return 'phoenix run <this file> -c <the phoenix config>   (or from the configuration\'s directory; `phoenix plan -o FILE` records the config in the playbook)';
}

/** The playbook's bytes, in pieces to write in order (a 50 000-guest plan is 70 MB: never held as one string). */
export function planToYamlBytes(plan: Plan): Buffer[] {
  return toYamlBytes(plan, `# Phoenix playbook: the compiled plan of '${plan.verb}'. Run it with: ${howToRun(plan)}\n# It refuses to run once it is not what the configuration compiles (configHash, every step); recompile with phoenix plan -o, or pass --force.\n`);
}

export const planToYaml = (plan: Plan): string => Buffer.concat(planToYamlBytes(plan)).toString('utf8');

export function planToJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Parse only; validate-playbook.ts checks the document against the playbook schema. */
export function parsePlaybook(text: string): unknown {
  return parse(text);
}
