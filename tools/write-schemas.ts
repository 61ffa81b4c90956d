// `npm run schemas`: writes the generated config/schemas/playbook.schema.json (test/compile/playbook-schema.test.ts
// checks that the committed file is the generated one).
import { writeFileSync } from 'node:fs';
import { PLAYBOOK_SCHEMA_FILE, playbookSchemaText } from '../src/compile/playbook-schema.js';

const file = new URL(`../../${PLAYBOOK_SCHEMA_FILE}`, import.meta.url);
writeFileSync(file, playbookSchemaText());
console.log(`wrote ${PLAYBOOK_SCHEMA_FILE}`);
