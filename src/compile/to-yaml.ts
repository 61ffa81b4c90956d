// Plan <-> YAML playbook. The playbook is the same document as `plan --format json`.
import { parse, stringify } from 'yaml';
import type { Plan } from './plan.js';

export function planToYaml(plan: Plan, configFile?: string): string {
  const how = configFile ? `phoenix run <this file> -c ${configFile}` : 'phoenix run <this file>';
  return `# Phoenix playbook: the compiled plan of '${plan.verb}'. Run it with: ${how}\n# It refuses to run once it is not what the configuration compiles (configHash, every step); recompile with phoenix plan -o, or pass --force.\n${stringify(plan, { lineWidth: 0 })}`;
}

export function planToJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Parse only; validate-playbook.ts checks the document against the playbook schema. */
export function parsePlaybook(text: string): unknown {
  return parse(text);
}
