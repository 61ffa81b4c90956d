// PVE::JSONSchema::get_options (pve-common src/PVE/JSONSchema.pm) over Getopt::Long 2.5x with its defaults
// (permute, auto_abbrev, ignore_case, getopt_compat) and `prefix_pattern=(--|-)`: booleans and interactive
// parameters take an optional value (`:s`), `-list` formats and arrays repeat (`=s@`), everything else needs a
// value (`=s`). Then positionals are mapped onto `$arg_param`, booleans parsed, lists joined.
import { allNames, propOf } from './index-families.js';
import type { Value } from './check-prop.js';
import type { Prop } from './types.js';

export type GetOptionsResult =
  | { ok: true; params: Record<string, Value> }
  /** `warnings`: what Getopt::Long warned on stderr before the exception (`Unknown option: x\n`). */
  | { ok: false; warnings: string; message: string };

interface OptDef { name: string; optional: boolean; array: boolean }

const isList = (p: Prop): boolean => typeof p.format === 'string' && p.format.includes('-list');

function optionTable(props: Readonly<Record<string, Prop>>, fixed: ReadonlySet<string>, interactive: ReadonlySet<string>): Map<string, OptDef> {
  const table = new Map<string, OptDef>();
  for (const name of allNames(props)) {
    if (fixed.has(name)) continue;
    const p = propOf(props, name) as Prop;
    const optional = interactive.has(name) || p.type === 'boolean';
    const array = !optional && (isList(p) || p.type === 'array');
    table.set(name.toLowerCase(), { name, optional, array });
  }
  return table;
}

/** Getopt::Long FindOption's name lookup: exact, else a unique abbreviation (case-insensitive). */
function findOption(table: Map<string, OptDef>, given: string): { def: OptDef } | { warning: string } {
  const opt = given.toLowerCase();
  const exact = table.get(opt);
  if (exact) return { def: exact };
  const hits = opt === '' ? [] : [...table.keys()].sort().filter((n) => n.startsWith(opt));
  if (hits.length > 1) return { warning: `Option ${opt} is ambiguous (${hits.join(', ')})\n` };
  const hit = hits[0] !== undefined ? table.get(hits[0]) : undefined;
  return hit ? { def: hit } : { warning: opt === '' ? `Missing option after ${given}\n` : `Unknown option: ${opt}\n` };
}

export function getOptions(
  props: Readonly<Record<string, Prop>>,
  argv: readonly string[],
  argParams: readonly string[],
  fixed: Readonly<Record<string, string>> = {},
  interactive: ReadonlySet<string> = new Set(),
): GetOptionsResult {
  const table = optionTable(props, new Set(Object.keys(fixed)), interactive);
  const opts: Record<string, Value> = {};
  const words: string[] = [];
  let warnings = '';
  const args = [...argv];
  while (args.length > 0) {
    const a = args.shift() as string;
    if (a === '--') { words.push(...args); break; }
    const m = /^(--|-)([\s\S]*)$/.exec(a);
    if (!m || a === '-') { words.push(a); continue; }
    let name = m[2] as string;
    let optarg: string | undefined;
    const eq = name.indexOf('=', 1);
    if (eq > 0) { optarg = name.slice(eq + 1); name = name.slice(0, eq); }
    const found = findOption(table, name);
    if ('warning' in found) { warnings += found.warning; continue; }
    const { def } = found;
    let value: string;
    if (optarg !== undefined ? optarg === '' : args.length === 0) {
      if (!def.optional) { warnings += `Option ${def.name.toLowerCase()} requires an argument\n`; continue; }
      value = '';
    } else if (optarg !== undefined) {
      value = optarg;
    } else {
      value = args.shift() as string;
      // an optional value never swallows the next option (nor `--`)
      if (def.optional && value !== '-' && (value === '--' || /^(--|-)[\s\S]+$/.test(value))) { args.unshift(value); value = ''; }
    }
    if (def.array) opts[def.name] = [...((opts[def.name] as string[] | undefined) ?? []), value];
    else opts[def.name] = value;
  }
  if (warnings) return { ok: false, warnings, message: 'unable to parse option' };

  const fail = (message: string): GetOptionsResult => ({ ok: false, warnings: '', message });
  if (words.length > 0) {
    for (let i = 0; i < argParams.length; i++) {
      const name = argParams[i] as string;
      if (name === 'extra-args') { opts['extra-args'] = words.splice(0); continue; }
      if (words.length === 0) {
        for (; i < argParams.length; i++) {
          const p = propOf(props, argParams[i] as string);
          if (p && !p.optional) return fail('not enough arguments');
        }
        if (argParams[argParams.length - 1] === 'extra-args') opts['extra-args'] = [];
        break;
      }
      opts[name] = words.shift() as string;
    }
    if (words.length > 0) return fail('too many arguments');
  } else {
    for (const name of argParams) {
      if (name === 'extra-args') { opts['extra-args'] = []; continue; }
      const p = propOf(props, name);
      if (p && !p.optional) return fail('not enough arguments');
    }
  }

  for (const [k, v] of Object.entries(opts)) {
    const p = propOf(props, k);
    if (!p) continue;
    if (p.type === 'boolean') {
      if (v === '') opts[k] = '1';
      else if (typeof v === 'string' && /^(1|on|yes|true)$/i.test(v)) opts[k] = '1';
      else if (typeof v === 'string' && /^(0|off|no|false)$/i.test(v)) opts[k] = '0';
      else return fail('unable to parse boolean option');
    } else if (isList(p) && Array.isArray(v)) {
      opts[k] = v.join(',');
    }
  }
  return { ok: true, params: { ...opts, ...fixed } };
}
