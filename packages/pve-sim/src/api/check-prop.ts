// PVE::JSONSchema's value checks (pve-common src/PVE/JSONSchema.pm: check_type, check_prop, check_object,
// add_error), with its messages. Values are what the CLI hands over: strings, or arrays of strings.
import { checkFormat, type FormatCtx } from './check-format.js';
import { anchoredPattern } from './perl-regex.js';
import type { Prop } from './types.js';

export type Value = string | string[];
export type Errors = Record<string, string>;

/** add_error: a second message for a path is joined with a literal backslash-n (Perl's `join('\n', ...)`). */
export function addError(errors: Errors, path: string, msg: string): void {
  const p = path || '_root';
  errors[p] = errors[p] !== undefined ? `${errors[p]}\\n${msg}` : msg;
}

// Perl's `$` also matches before a final newline
const INTEGER = /^[+-]?\d+(?=\n?$)/;
const NUMBER = /^[+-]?(\d+\.\d+|\d+\.|\.\d+|\d+)([eE][+-]?\d+)?(?=\n?$)/;
export const isNumber = (v: string): boolean => NUMBER.test(v);

/** check_type for one type name; false (and an error) when the value does not have it. */
function checkType(path: string, type: string | undefined, value: Value, errors: Errors): boolean {
  if (!type || type === 'any') return true;
  const fail = (msg: string): false => { addError(errors, path, msg); return false; };
  if (type === 'null') return fail(`type check ('${type}') failed - value is not null`);
  if (type === 'array') return Array.isArray(value) || fail(`type check ('${type}') failed`);
  if (type === 'object' || type === 'coderef') return fail(`type check ('${type}') failed`);
  if (Array.isArray(value)) return fail(`type check ('${type}') failed - got ARRAY`);
  if (type === 'boolean' && value !== '1' && value !== '0') return fail(`type check ('${type}') failed - got '${value}'`);
  if (type === 'integer' && !INTEGER.test(value)) return fail(`type check ('${type}') failed - got '${value}'`);
  if (type === 'number' && !NUMBER.test(value)) return fail(`type check ('${type}') failed - got '${value}'`);
  return true;
}

/** check_prop: one value (undefined when absent) against its schema. */
export function checkProp(value: Value | undefined, schema: Prop, path: string, errors: Errors, ctx: FormatCtx): void {
  if (schema.alias) return;
  if (value === undefined) {
    if (schema.type !== 'null' && !schema.optional) addError(errors, path, 'property is missing and it is not optional');
    return;
  }
  if (!checkType(path, schema.type, value, errors)) return;
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((el, i) => checkProp(el, schema.items as Prop, `${path}[${i}]`, errors, ctx));
    return;
  }
  if (schema.format !== undefined) {
    const err = checkFormat(schema.format, value, path, schema.typetext, ctx);
    if (err !== undefined) { addError(errors, path, `invalid format - ${err}`); return; }
  }
  if (schema.pattern !== undefined && !anchoredPattern(schema.pattern).test(value)) {
    addError(errors, path, 'value does not match the regex pattern');
    return;
  }
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) { addError(errors, path, `value may only be ${schema.maxLength} characters long`); return; }
  if (schema.minLength !== undefined && length < schema.minLength) { addError(errors, path, `value must be at least ${schema.minLength} characters long`); return; }
  if (isNumber(value)) {
    if (schema.maximum !== undefined && Number(value) > Number(schema.maximum)) { addError(errors, path, `value must have a maximum value of ${schema.maximum}`); return; }
    if (schema.minimum !== undefined && Number(value) < Number(schema.minimum)) { addError(errors, path, `value must have a minimum value of ${schema.minimum}`); return; }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    addError(errors, path, `value '${value}' does not have a value in the enumeration '${schema.enum.join(', ')}'`);
  }
}

/** check_object with additionalProperties 0: each schema key, then keys the schema does not know, then `requires`. */
export function checkObject(path: string, schema: Readonly<Record<string, Prop>>, value: Record<string, Value>, errors: Errors, ctx: FormatCtx,
  lookup: (k: string) => Prop | undefined = (k) => schema[k]): void {
  const at = (k: string): string => (path ? `${path}.${k}` : k);
  for (const [k, s] of Object.entries(schema)) {
    if (k.endsWith('[n]')) continue; // family members are checked below, as the value's keys
    checkProp(value[k], s, at(k), errors, ctx);
  }
  for (const k of Object.keys(value)) {
    const s = lookup(k);
    if (!s) { addError(errors, at(k), 'property is not defined in schema and the schema does not allow additional properties'); continue; }
    if (schema[k] === undefined) checkProp(value[k], s, at(k), errors, ctx);
    if (s.requires !== undefined && value[s.requires] === undefined) addError(errors, at(s.requires), `missing property required by '${at(k)}'`);
  }
}
