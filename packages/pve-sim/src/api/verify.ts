// The verification step of RESTHandler.pm handle (PVE::JSONSchema::validate) and the text PVE prints for it.
import { checkObject, type Errors, type Value } from './check-prop.js';
import type { FormatCtx } from './check-format.js';
import { propOf } from './index-families.js';
import type { Prop } from './types.js';

/** `400 Parameter verification failed.` then `param: message` lines (sorted) and the usage (Exception.pm stringify). */
export function verificationText(errors: Errors, usage: string): string {
  return `400 Parameter verification failed.\n${Object.keys(errors).sort().map((k) => `${k}: ${errors[k]}\n`).join('')}${usage}\n`;
}

/**
 * Validate parsed parameters against a property map (check_prop on the whole object, additionalProperties 0);
 * the values of `skip` (present ones) are taken as they are.
 */
export function validateParams(props: Readonly<Record<string, Prop>>, params: Record<string, Value>, ctx: FormatCtx, skip: ReadonlySet<string> = new Set()): Errors {
  const errors: Errors = {};
  const loose: Record<string, Prop> = Object.fromEntries([...skip].filter((k) => params[k] !== undefined).map((k) => [k, { optional: 1 }]));
  checkObject('', { ...props, ...loose }, params, errors, ctx, (k) => loose[k] ?? propOf(props, k));
  return errors;
}

