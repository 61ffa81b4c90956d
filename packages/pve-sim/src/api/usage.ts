// The short usage line a parameter error ends with: pve-common src/PVE/RESTHandler.pm getopt_usage with format
// 'short' (`$prefix $args [OPTIONS] [FORMAT_OPTIONS]`), where $args lists the positionals and every required
// option (`--type <string>`), sorted by name.
import { propOf } from './index-families.js';
import type { Prop } from './types.js';

/** RESTHandler.pm $standard_output_options: pvesh lists them as [FORMAT_OPTIONS], not one by one. */
export const STANDARD_OUTPUT: Readonly<Record<string, Prop>> = {
  'output-format': { type: 'string', enum: ['text', 'json', 'json-pretty', 'yaml'], optional: 1 },
  noheader: { type: 'boolean', optional: 1 },
  noborder: { type: 'boolean', optional: 1 },
  quiet: { type: 'boolean', optional: 1 },
  'human-readable': { type: 'boolean', optional: 1 },
};

export function usageLine(prefix: string, props: Readonly<Record<string, Prop>>, argParams: readonly string[],
  fixed: ReadonlySet<string>, interactive: ReadonlySet<string> = new Set()): string {
  const args: string[] = [];
  for (const p of argParams) {
    const s = propOf(props, p);
    if (!s) continue;
    args.push(typeof s.format === 'string' && s.format.includes('-list') ? `{<${p}>}` : s.optional ? `[<${p}>]` : `<${p}>`);
  }
  const formatOptions = props['output-format'] !== undefined;
  let hasOptions = false;
  for (const k of Object.keys(props).sort()) {
    const s = props[k] as Prop;
    if (argParams.includes(k) || fixed.has(k)) continue;
    if (formatOptions && STANDARD_OUTPUT[k]) continue;
    // a required interactive password is asked for, not listed
    if (k === 'password' && interactive.has(k) && !s.optional) continue;
    hasOptions = true;
    if (!s.optional && !s.alias) args.push(`--${k} <${s.type ?? 'string'}>`);
  }
  // `"$prefix $args"`: a trailing space when there are no args
  return `${prefix} ${args.join(' ')}${hasOptions ? ' [OPTIONS]' : ''}${formatOptions ? ' [FORMAT_OPTIONS]' : ''}`;
}
