// Validation against the shipped schemas; returns problem lines, never throws. The validators are compiled at build
// time (tools/build-validators.ts writes them as ajv standalone code), so a start-up loads neither ajv's compiler
// nor runs its code generation. When the generated module is missing, or was built from other schema files than
// the ones shipped beside it (its digest differs), they are compiled here instead, with the same configuration.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv';
import { compiledAjv, schemasDigest, schemaTexts } from './ajv-setup.js';
import { formatAjvErrors } from './format-ajv-error.js';
import { SCHEMA_NAMES, type SchemaName } from './schema-files.js';

interface Validator { (data: unknown): boolean; errors?: ErrorObject[] | null }
interface Generated { digest: string; validators: Record<string, Validator> }

/** dist/generated/config-validators.cjs, beside dist/src/ (this module is dist/src/inventory/validate-schema.js). */
export const GENERATED_VALIDATORS = fileURLToPath(new URL('../../generated/config-validators.cjs', import.meta.url));

let validators: Map<SchemaName, Validator> | undefined;
let fromBuild = false;

function load(): Map<SchemaName, Validator> {
  const texts = schemaTexts();
  if (existsSync(GENERATED_VALIDATORS)) {
    const gen = createRequire(import.meta.url)(GENERATED_VALIDATORS) as Generated;
    if (gen.digest === schemasDigest(texts) && SCHEMA_NAMES.every((n) => typeof gen.validators[n] === 'function')) {
      fromBuild = true;
      return new Map(SCHEMA_NAMES.map((n) => [n, gen.validators[n]!]));
    }
  }
  const { ajv, ids } = compiledAjv(texts, false);
  return new Map(SCHEMA_NAMES.map((n) => {
    const fn = ajv.getSchema(ids[n]);
    if (!fn) throw new Error(`schema ${n} did not compile`);
    return [n, fn as Validator];
  }));
}

/** Whether the validators in use came from the build (tests and the bench ask). */
export function validatorsFromBuild(): boolean {
  validators ??= load();
  return fromBuild;
}

/** ajv's errors for `data` (empty when valid): the cross-file checks leave out what they point into. */
export function schemaErrors(name: SchemaName, data: unknown): readonly ErrorObject[] {
  validators ??= load();
  const validate = validators.get(name);
  if (!validate) throw new Error(`unknown schema ${name}`);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** Every schema violation of `data` as `label: /pointer: message` lines (empty when valid). */
export function schemaProblems(name: SchemaName, label: string, data: unknown, pointerPrefix = ''): string[] {
  return formatAjvErrors(label, schemaErrors(name, data), pointerPrefix);
}
