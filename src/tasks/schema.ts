// Small JSON Schema builders for task params: every object is closed (additionalProperties: false), so a
// playbook step with a stray or misspelt param is refused.
export type ParamSchema = { [key: string]: unknown };

export const str = (extra: ParamSchema = {}): ParamSchema => ({ type: 'string', ...extra });
export const int = (extra: ParamSchema = {}): ParamSchema => ({ type: 'integer', ...extra });
export const num = (extra: ParamSchema = {}): ParamSchema => ({ type: 'number', ...extra });
export const bool = (): ParamSchema => ({ type: 'boolean' });
export const arr = (items: ParamSchema, extra: ParamSchema = {}): ParamSchema => ({ type: 'array', items, ...extra });
export const oneOf = (...schemas: ParamSchema[]): ParamSchema => ({ oneOf: schemas });
export const constant = (value: string | number | boolean): ParamSchema => ({ const: value });
export const strMap = (): ParamSchema => ({ type: 'object', additionalProperties: { type: 'string' } });

/** A closed object: `required` lists the keys that must be present; every other key of `props` is optional. */
export function obj(props: Record<string, ParamSchema>, required: readonly string[] = Object.keys(props)): ParamSchema {
  return { type: 'object', properties: props, required: [...required], additionalProperties: false };
}

/** A CT/VM id as Phoenix carries it: a decimal string (PVE: 100..999999999, pve-common `pve-vmid`). */
export const vmidSchema = str({ pattern: '^[1-9][0-9]{2,8}$' });
/** `{"$secret": "env:NAME" | "file:PATH"}`. */
export const secretRefSchema = obj({ $secret: str({ pattern: '^(env|file):.+' }) });
export const secretishSchema = oneOf(str(), secretRefSchema);
/** A script file relative to the scripts dir, with the sha256 it was planned with. */
export const scriptSchema = { path: str({ minLength: 1 }), sha256: str({ pattern: '^[0-9a-f]{64}$' }) };
