// The playbook schema (config/schemas/playbook.schema.json), generated: the verbs and their target rules from the
// verb table, each step's params from its task's own schema. `npm run schemas` writes the file; a test keeps the
// committed one equal to this.
import { allTasks } from '../tasks/registry.js';
import type { ParamSchema } from '../tasks/schema.js';
import { GUEST_ID_PATTERN, NODE_NAME_PATTERN, VERBS, verbSpec, type Verb } from './targets.js';

export const PLAYBOOK_SCHEMA_ID = 'https://phoenix-pve.dev/schemas/playbook.schema.json';
/** Where `npm run schemas` writes it, relative to the repository root. */
export const PLAYBOOK_SCHEMA_FILE = 'config/schemas/playbook.schema.json';

const ref = (name: string): ParamSchema => ({ $ref: `#/$defs/${name}` });
const guestId: ParamSchema = { type: 'string', pattern: GUEST_ID_PATTERN, 'x-expected': 'a guest id: a digit string 100..999999999' };
const nodeName: ParamSchema = { type: 'string', pattern: NODE_NAME_PATTERN, 'x-expected': 'a node name of letters, digits, _ . -' };
const paramsDef = (task: string): string => `params:${task}`;

/** Which strings a verb's `targets` may hold. */
function targetsOf(v: Verb): ParamSchema {
  const s = verbSpec(v);
  // setup: the nodes of --limit; LetsGo: the guests it was limited to (a node given to it stands for its guests)
  if (s.targets === 'nodes') return { items: ref('nodeName') };
  if (s.targets === 'every-guest') return { items: ref('guestId') };
  // inline (not $ref) inside anyOf, so that a failure is reported once, by the anyOf
  return { items: s.nodeTargets ? { anyOf: [guestId, nodeName], 'x-expected': 'a guest id or a node name' } : ref('guestId') };
}

const when = (prop: string, value: string, then: ParamSchema): ParamSchema =>
  ({ if: { properties: { [prop]: { const: value } }, required: [prop] }, then });

export function playbookSchema(): ParamSchema {
  const tasks = allTasks();
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: PLAYBOOK_SCHEMA_ID,
    title: 'Phoenix playbook (a compiled plan)',
    description: `Generated from src/compile/targets.ts (verbs) and src/tasks/registry.ts (task params) by \`npm run schemas\`; do not edit.`,
    type: 'object',
    required: ['verb', 'targets', 'steps'],
    additionalProperties: false,
    properties: {
      verb: { enum: [...VERBS] },
      targets: { type: 'array', items: { type: 'string' } },
      all: { type: 'boolean', description: 'compiled with --all' },
      suite: { type: 'string', minLength: 1, description: 'test: compiled with --suite' },
      wipeDisks: { type: 'boolean', description: 'setup: compiled with --wipe-disks' },
      applyPending: { type: 'boolean', description: 'create, reconfigure, LetsGo: compiled with --apply-pending' },
      recreate: { type: 'boolean', description: 'create, reconfigure, LetsGo: compiled with --recreate' },
      steps: { type: 'array', items: ref('step') },
      configHash: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'the configuration it was compiled from; a playbook without it is refused (unless --force)' },
      config: {
        type: 'string', minLength: 1, pattern: '^[^\\r\\n\\x00]+$', 'x-expected': 'a file path (relative to the playbook)',
        description: 'the phoenix config it was compiled from, relative to the playbook\'s directory (plan -o records it); run <playbook> loads it from any directory unless -c is given',
      },
      notes: { type: 'array', items: { type: 'string' } },
    },
    allOf: VERBS.map((v) => when('verb', v, { properties: { targets: targetsOf(v) } })),
    $defs: {
      guestId,
      nodeName,
      step: {
        type: 'object',
        required: ['id', 'node', 'task', 'params', 'after'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          node: ref('nodeName'),
          guest: ref('guestId'),
          task: { enum: tasks.map((t) => t.name) },
          params: { type: 'object' },
          after: { type: 'array', items: { type: 'string', minLength: 1 } },
          prerequisite: {
            type: 'object', required: ['of'], additionalProperties: false,
            description: 'a prerequisite\'s step: nothing to do while the guest is as far as the targets in `of` need it (compile/prerequisite-gate.ts)',
            properties: {
              of: { type: 'array', minItems: 1, items: ref('guestId') },
              snapshot: { type: 'string', minLength: 1 },
              template: { type: 'boolean' },
              features: { type: 'array', items: { type: 'string', minLength: 1 } },
              app: { type: 'boolean' },
            },
          },
        },
        allOf: tasks.map((t) => when('task', t.name, { properties: { params: ref(paramsDef(t.name)) } })),
      },
      ...Object.fromEntries(tasks.map((t) => [paramsDef(t.name), t.schema])),
    },
  };
}

/** The file's text, as `npm run schemas` writes it. */
export const playbookSchemaText = (): string => `${JSON.stringify(playbookSchema(), null, 2)}\n`;
