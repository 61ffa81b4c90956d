// One ajv instance with every shipped schema; validation returns problem lines, never throws.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { formatAjvErrors } from './format-ajv-error.js';
import { readSchema, SCHEMA_NAMES, type SchemaName } from './schema-files.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

let validators: Map<SchemaName, ValidateFunction> | undefined;

function compileAll(): Map<SchemaName, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv, ['ipv4', 'ipv6']);
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  const schemas = SCHEMA_NAMES.map((name) => [name, readSchema(name)] as const);
  for (const [, schema] of schemas) ajv.addSchema(schema);
  const out = new Map<SchemaName, ValidateFunction>();
  for (const [name, schema] of schemas) {
    const fn = ajv.getSchema(String(schema['$id']));
    if (!fn) throw new Error(`schema ${name} did not compile`);
    out.set(name, fn);
  }
  return out;
}

/** ajv's errors for `data` (empty when valid): the cross-file checks leave out what they point into. */
export function schemaErrors(name: SchemaName, data: unknown): readonly ErrorObject[] {
  validators ??= compileAll();
  const validate = validators.get(name);
  if (!validate) throw new Error(`unknown schema ${name}`);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** Every schema violation of `data` as `label: /pointer: message` lines (empty when valid). */
export function schemaProblems(name: SchemaName, label: string, data: unknown, pointerPrefix = ''): string[] {
  return formatAjvErrors(label, schemaErrors(name, data), pointerPrefix);
}
