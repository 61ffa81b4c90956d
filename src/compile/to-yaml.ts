// Plan <-> YAML playbook. The playbook is the same document as `plan --format json`.
import { parse, stringify } from 'yaml';
import type { Plan } from './plan.js';

export function planToYaml(plan: Plan): string {
  return `# Phoenix playbook: compiled plan for '${plan.verb}'. Run it with: phoenix run <this file>\n${stringify(plan, { lineWidth: 0 })}`;
}

export function planToJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Parse only; the CLI validates the document against config/schemas/playbook.schema.json. */
export function parsePlaybook(text: string): unknown {
  return parse(text);
}
