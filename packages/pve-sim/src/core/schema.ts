// Parameter checks with the messages of PVE::JSONSchema.
export type OptType = 'string' | 'integer' | 'number' | 'boolean';

export interface OptSpec {
  type: OptType;
  min?: number;
  max?: number;
  enum?: readonly string[];
  /** Extra format check; returns the error message or undefined. */
  format?: (v: string) => string | undefined;
}

export function checkValue(s: OptSpec, v: string): string | undefined {
  if (s.type === 'integer' && !/^-?\d+$/.test(v)) return `type check ('integer') failed - got '${v}'`;
  if (s.type === 'number' && !/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return `type check ('number') failed - got '${v}'`;
  // check_prop (pve-common src/PVE/JSONSchema.pm) checks the format before minimum/maximum; the validator's die
  // text ends with a newline, so `invalid format - ...` is followed by an empty line in the error text
  const bad = s.format?.(v);
  if (bad !== undefined) return bad.startsWith('invalid format - ') ? `${bad}\n` : bad;
  if (s.type === 'integer' || s.type === 'number') {
    const n = Number(v);
    if (s.min !== undefined && n < s.min) return `value must have a minimum value of ${s.min}`;
    if (s.max !== undefined && n > s.max) return `value must have a maximum value of ${s.max}`;
  }
  if (s.enum && !s.enum.includes(v)) return `value '${v}' does not have a value in the enumeration '${s.enum.join(', ')}'`;
  return undefined;
}

export const str: OptSpec = { type: 'string' };
export const int: OptSpec = { type: 'integer' };
export const bool: OptSpec = { type: 'boolean' };
export const num: OptSpec = { type: 'number' };
export const intMin = (min: number, max?: number): OptSpec => (max === undefined ? { type: 'integer', min } : { type: 'integer', min, max });

export const vmidSpec: OptSpec = {
  type: 'integer',
  min: 100,
  max: 999_999_999,
  format: (v) => (/^[1-9][0-9]{2,8}$/.test(v) ? undefined : 'invalid format - value does not look like a valid VM ID'),
};

/** Snapshot names: pve-configid `[a-z][a-z0-9_-]+` (case-insensitive). */
export const snapnameSpec: OptSpec = {
  type: 'string',
  format: (v) => (/^[a-z][a-z0-9_-]+$/i.test(v) ? undefined : `invalid format - invalid configuration ID '${v}'`),
};

/** pve-node: `target: invalid format - value does not look like a valid node name`. */
export const nodeSpec: OptSpec = {
  type: 'string',
  format: (v) => (/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(v) ? undefined : 'invalid format - value does not look like a valid node name'),
};
