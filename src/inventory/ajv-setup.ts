// The one ajv configuration for the shipped configuration schemas, used both by the build step that writes the
// validators as standalone code (tools/build-validators.ts) and by the run-time fallback in validate-schema.ts.
// ajv is loaded through require (it is CommonJS), so a start-up that uses the generated validators never loads it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { schemaFile, SCHEMA_NAMES, type SchemaName } from './schema-files.js';

const require = createRequire(import.meta.url);

/** `verbose` keeps parentSchema on errors (format-ajv-error.ts reads its `x-expected` hint). */
export function configAjv(source: boolean): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = (require('ajv-formats') as { default: typeof import('ajv-formats').default }).default;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true, ...(source ? { code: { source: true } } : {}) });
  addFormats(ajv, ['ipv4', 'ipv6']);
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  return ajv;
}

/** Each schema's text, read once. */
export function schemaTexts(): Record<SchemaName, string> {
  return Object.fromEntries(SCHEMA_NAMES.map((n) => [n, readFileSync(schemaFile(n), 'utf8')])) as Record<SchemaName, string>;
}

/** What the generated validators were built from: a changed schema file makes them stale. */
export function schemasDigest(texts: Record<SchemaName, string>): string {
  const h = createHash('sha256');
  for (const n of SCHEMA_NAMES) h.update(`${n}\0${texts[n]}\0`);
  return h.digest('hex');
}

/** The ajv instance with every schema added, and each schema's $id. */
export function compiledAjv(texts: Record<SchemaName, string>, source: boolean): { ajv: Ajv2020; ids: Record<SchemaName, string> } {
  const ajv = configAjv(source);
  const ids = {} as Record<SchemaName, string>;
  for (const n of SCHEMA_NAMES) {
    const schema = JSON.parse(texts[n]) as Record<string, unknown>;
    ajv.addSchema(schema);
    ids[n] = String(schema['$id']);
  }
  return { ajv, ids };
}
