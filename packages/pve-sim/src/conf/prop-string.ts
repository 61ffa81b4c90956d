// Property strings (`name=eth0,bridge=vmbr0`): JSONSchema.pm parse_property_string and
// print_property_string (default key first without `key=`, then required keys sorted, then the rest sorted).
import { ParamError } from '../core/errors.js';
import { parseBool } from '../core/getopt.js';
import { formatSize, parseSize } from './size.js';

export type PropType = 'string' | 'bool' | 'int' | 'number' | 'size';

export interface PropFormat {
  defaultKey?: string;
  required?: readonly string[];
  keys: Readonly<Record<string, PropType>>;
  /** Keys accepted on input but never printed (e.g. rootfs `mp`). */
  dropped?: readonly string[];
}

export type Props = Record<string, string>;

function fail(param: string, detail: Record<string, string>): never {
  const errors: Record<string, string> = {};
  const lines = Object.entries(detail).map(([k, v]) => `${param}.${k}: ${v}`);
  errors[param] = ['invalid format - format error', ...lines].join('\n');
  throw new ParamError(errors);
}

export function parsePropString(fmt: PropFormat, param: string, value: string): Props {
  const out: Props = {};
  for (const part of value.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let k: string;
    let v: string;
    if (eq < 0) {
      if (!fmt.defaultKey || out[fmt.defaultKey] !== undefined) fail(param, { [part]: 'property is not defined in schema and the schema does not allow additional properties' });
      k = fmt.defaultKey;
      v = part;
    } else {
      k = part.slice(0, eq);
      v = part.slice(eq + 1);
    }
    const t = fmt.keys[k];
    if (!t) fail(param, { [k]: 'property is not defined in schema and the schema does not allow additional properties' });
    if (out[k] !== undefined) fail(param, { [k]: 'duplicate key in comma-separated list property' });
    if (t === 'bool') {
      const b = parseBool(v);
      if (b === undefined) fail(param, { [k]: `type check ('boolean') failed - got '${v}'` });
      v = b;
    } else if (t === 'int' && !/^-?\d+$/.test(v)) fail(param, { [k]: `type check ('integer') failed - got '${v}'` });
    else if (t === 'number' && !/^-?(\d+\.?\d*|\.\d+)$/.test(v)) fail(param, { [k]: `type check ('number') failed - got '${v}'` });
    else if (t === 'size') {
      const bytes = parseSize(v);
      if (bytes === undefined) fail(param, { [k]: `unable to parse size '${v}'` });
      v = formatSize(bytes);
    }
    out[k] = v;
  }
  const missing: Record<string, string> = {};
  for (const r of fmt.required ?? []) if (out[r] === undefined) missing[r] = 'property is missing and it is not optional';
  if (Object.keys(missing).length) fail(param, missing);
  for (const d of fmt.dropped ?? []) delete out[d];
  return out;
}

export function printPropString(fmt: PropFormat, props: Props): string {
  const parts: string[] = [];
  const done = new Set<string>();
  if (fmt.defaultKey && props[fmt.defaultKey] !== undefined) {
    parts.push(props[fmt.defaultKey] as string);
    done.add(fmt.defaultKey);
  }
  for (const k of [...(fmt.required ?? [])].sort()) {
    if (done.has(k) || props[k] === undefined) continue;
    parts.push(`${k}=${props[k]}`);
    done.add(k);
  }
  for (const k of Object.keys(props).sort()) {
    if (done.has(k) || props[k] === undefined) continue;
    parts.push(`${k}=${props[k]}`);
  }
  return parts.join(',');
}

/** Lenient parse of a value read back from a config file (no validation). */
export function readPropString(fmt: PropFormat, value: string): Props {
  const out: Props = {};
  for (const part of value.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0 && fmt.defaultKey) out[fmt.defaultKey] = part;
    else if (eq >= 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}
