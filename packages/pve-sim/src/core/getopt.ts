// PVE CLI argument parsing (JSONSchema.pm::get_options + Getopt::Long): `--x v`, `-x v`, `--x=v`,
// optional-value booleans, interleaved positionals, `--` ending options, then schema checks.
import { SimError, badRequest, ParamError, setCurrentUsage } from './errors.js';
import { checkValue, type OptSpec } from './schema.js';

export interface CmdSpec {
  /** Short usage line, e.g. `pct set <vmid> [OPTIONS]`. */
  usage: string;
  /** Positional parameter names, in order. */
  args?: readonly string[];
  argSpecs?: Readonly<Record<string, OptSpec>>;
  /** Remaining words become `extra` (pct exec). */
  extra?: boolean;
  opts?: Readonly<Record<string, OptSpec>>;
  /** Options named by pattern: net\d+, mp\d+, ... */
  patterns?: ReadonlyArray<readonly [RegExp, OptSpec]>;
  /** Required options (`property is missing and it is not optional`). */
  required?: readonly string[];
}

export interface Parsed {
  args: Record<string, string>;
  /** Option values as given; booleans normalised to '1' / '0'. */
  opts: Record<string, string>;
  extra: string[];
}

const OPT = /^--?([A-Za-z][A-Za-z0-9_-]*)(?:=([\s\S]*))?$/;
const TRUE = /^(1|on|yes|true)$/i;
const FALSE = /^(0|off|no|false)$/i;

export function parseBool(v: string): '1' | '0' | undefined {
  if (TRUE.test(v)) return '1';
  if (FALSE.test(v)) return '0';
  return undefined;
}

function lookup(spec: CmdSpec, name: string): OptSpec | undefined {
  const direct = spec.opts?.[name];
  if (direct) return direct;
  for (const [re, s] of spec.patterns ?? []) if (re.test(name)) return s;
  return undefined;
}

export function parseArgs(spec: CmdSpec, argv: readonly string[]): Parsed {
  setCurrentUsage(spec.usage);
  const opts: Record<string, string> = {};
  const words: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') { i++; break; }
    const m = OPT.exec(a);
    if (!m) { words.push(a); continue; }
    const name = m[1] as string;
    const os = lookup(spec, name);
    if (!os) throw new SimError(`Unknown option: ${name}\n400 unable to parse option\n${spec.usage}`, 255);
    let value = m[2];
    if (os.type === 'boolean') {
      if (value === undefined) {
        const next = argv[i + 1];
        if (next !== undefined && !(next.startsWith('-') && next.length > 1)) { value = next; i++; } else value = '';
      }
      if (value === '') value = '1';
      const b = parseBool(value);
      if (b === undefined) badRequest('unable to parse boolean option', spec.usage);
      opts[name] = b;
      continue;
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined) throw new SimError(`Option ${name} requires an argument\n400 unable to parse option\n${spec.usage}`, 255);
      value = next;
      i++;
    }
    opts[name] = value;
  }
  words.push(...argv.slice(i));
  const names = spec.args ?? [];
  if (words.length < names.length) badRequest('not enough arguments', spec.usage);
  if (words.length > names.length && !spec.extra) badRequest('too many arguments', spec.usage);
  const args: Record<string, string> = {};
  names.forEach((n, k) => { args[n] = words[k] as string; });
  const errors: Record<string, string> = {};
  for (const [n, v] of Object.entries(args)) {
    const s = spec.argSpecs?.[n];
    const err = s ? checkValue(s, v) : undefined;
    if (err) errors[n] = err;
  }
  for (const [n, v] of Object.entries(opts)) {
    const err = checkValue(lookup(spec, n) as OptSpec, v);
    if (err) errors[n] = err;
  }
  for (const r of spec.required ?? []) if (opts[r] === undefined) errors[r] = 'property is missing and it is not optional';
  if (Object.keys(errors).length) throw new ParamError(errors, spec.usage);
  return { args, opts, extra: words.slice(names.length) };
}
