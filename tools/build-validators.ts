// Build step (`npm run build`): the configuration schemas' validators as ajv standalone code, in
// dist/generated/config-validators.cjs, with the digest of the schema files they were built from
// (src/inventory/validate-schema.ts uses them only while that digest matches the shipped schemas).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { compiledAjv, schemasDigest, schemaTexts } from '../src/inventory/ajv-setup.js';
import { GENERATED_VALIDATORS } from '../src/inventory/validate-schema.js';

const standaloneCode = (createRequire(import.meta.url)('ajv/dist/standalone/index.js') as { default: typeof import('ajv/dist/standalone/index.js').default }).default;
const texts = schemaTexts();
const { ajv, ids } = compiledAjv(texts, true);
const code = standaloneCode(ajv, ids);
mkdirSync(dirname(GENERATED_VALIDATORS), { recursive: true });
writeFileSync(GENERATED_VALIDATORS, `${code}\nmodule.exports = { digest: ${JSON.stringify(schemasDigest(texts))}, validators: module.exports };\n`);
console.log(`wrote ${GENERATED_VALIDATORS} (${Math.round(code.length / 1024)} KiB)`);
