// check_format and parse_property_string of pve-common src/PVE/JSONSchema.pm: a named format (with the `-list` /
// `-opt` suffixes), or a property string whose keys are described by a hash. A failed check yields the text Perl
// dies with (`$@`), which check_prop prefixes with `invalid format - `.
import { checkObject, type Errors, type Value } from './check-prop.js';
import { COMMON_FORMATS, type FormatCheck } from './formats-common.js';
import { FIREWALL_FORMATS } from './formats-firewall.js';
import { GUEST_FORMATS, splitList } from './formats-guest.js';
import { formatFromTypetext, HASH_FORMATS } from './hash-formats.js';
import type { Prop } from './types.js';

/** What a check could not judge: format names that are not implemented here (their values pass). */
export interface FormatCtx { unchecked: Set<string> }

const CODE: Readonly<Record<string, FormatCheck>> = { ...COMMON_FORMATS, ...GUEST_FORMATS, ...FIREWALL_FORMATS };

const parseBoolean = (v: string): string | undefined => (/^(1|on|yes|true)$/i.test(v) ? '1' : /^(0|off|no|false)$/i.test(v) ? '0' : undefined);

/** PVE::Exception stringified: the message, then one `key: message` line per error. */
const exceptionText = (msg: string, errors: Errors): string =>
  `${msg}${Object.keys(errors).sort().map((k) => `${k}: ${errors[k]}\n`).join('')}`;

/** parse_property_string, then check_object on the keys (additional properties refused). */
export function parsePropertyString(format: Readonly<Record<string, Prop>>, data: string, path: string, ctx: FormatCtx): string | undefined {
  const res: Record<string, Value> = {};
  let defaultKey: string | undefined;
  const parts = data.split(',');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop(); // Perl's split drops trailing empties
  for (const part of parts) {
    if (/^\s*$/.test(part)) continue;
    const kv = /^([^=]+)=(.+)$/.exec(part);
    if (kv) {
      let k = kv[1] as string;
      let v = kv[2] as string;
      if (res[k] !== undefined) return `duplicate key in comma-separated list property: ${k}\n`;
      let schema = format[k];
      if (schema?.alias) {
        if (schema.keyAlias) {
          if (res[schema.keyAlias] !== undefined) return `key alias '${schema.keyAlias}' is already defined\n`;
          res[schema.keyAlias] = k;
        }
        k = schema.alias;
        schema = format[k];
        if (res[k] !== undefined) return `key '${k}' is already defined (via alias)\n`;
      }
      // `die "invalid key ..." if !$schema` never fires: `$schema->{alias}` above autovivifies $schema to {}, so an
      // unknown key is kept and check_object reports it ("property is not defined in schema ...")
      if (schema?.type === 'boolean') v = parseBoolean(v) ?? v;
      res[k] = v;
    } else if (!part.includes('=')) {
      if (defaultKey !== undefined) return `duplicate key in comma-separated list property: ${defaultKey}\n`;
      const key = Object.keys(format).find((x) => format[x]?.default_key);
      if (key === undefined) return 'value without key, but schema does not define a default key\n';
      defaultKey = key;
      const prev = res[key];
      // Perl: `if (!$res->{$default_key})`, so a '0' set before counts as unset
      if (prev !== undefined && prev !== '' && prev !== '0') return `duplicate key in comma-separated list property: ${key}\n`;
      res[key] = format[key]?.type === 'boolean' ? parseBoolean(part) ?? part : part;
    } else {
      return 'missing key in comma-separated list property\n';
    }
  }
  const errors: Errors = {};
  checkObject(path, format, res, errors, ctx);
  return Object.keys(errors).length ? exceptionText('format error\n', errors) : undefined;
}

/** The keys of a format registered by name: transcribed, else rebuilt from the parameter's typetext. */
function hashFormat(name: string, typetext: string | undefined, ctx: FormatCtx): Record<string, Prop> | undefined {
  const known = HASH_FORMATS[name];
  if (known) return known;
  const rebuilt = typetext !== undefined && typetext.includes('=') ? formatFromTypetext(typetext) : undefined;
  if (rebuilt) ctx.unchecked.add(`${name} (keys only)`);
  return rebuilt;
}

/** check_format: the `$@` text of a failed check, undefined when the value passes (or cannot be judged). */
export function checkFormat(format: string | Record<string, Prop>, value: string, path: string, typetext: string | undefined, ctx: FormatCtx): string | undefined {
  if (typeof format !== 'string') return parsePropertyString(format, value, path, ctx);
  if (format === 'regex') return undefined;
  const m = /^(.*?)(?:-(list|opt))?$/.exec(format) as RegExpExecArray;
  const name = m[1] as string;
  const kind = m[2] ?? 'none';
  const code = CODE[name];
  if (!code) {
    const hash = kind === 'none' ? hashFormat(name, typetext, ctx) : undefined;
    if (hash) return parsePropertyString(hash, value, path, ctx);
    ctx.unchecked.add(format);
    return undefined;
  }
  if (kind === 'list') {
    for (const v of splitList(value)) { const err = code(v); if (err !== undefined) return err; }
    return undefined;
  }
  if (kind === 'opt') return value !== '' && value !== '0' ? code(value) : undefined;
  return code(value);
}

