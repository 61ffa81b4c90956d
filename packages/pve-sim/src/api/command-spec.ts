// What a CLI command line amounts to before its options are parsed: the method's properties, positionals, fixed
// parameters and usage line (pve-common src/PVE/CLIHandler.pm handle_cmd -> RESTHandler.pm cli_handler), and the
// parse + verification step itself.
import { TABLES, type ApiCommand, type Command } from './cmddef.js';
import type { Errors, Value } from './check-prop.js';
import type { FormatCtx } from './check-format.js';
import { getOptions } from './get-options.js';
import { resolveCommand } from './resolve-command.js';
import { methodKey, type ApiSchema, type Method, type Prop } from './types.js';
import { usageLine } from './usage.js';
import { validateParams, verificationText } from './verify.js';

export interface CommandSpec {
  /** `pct set`, `qm disk resize` (aliases expanded), `pvesh get`. */
  command: string;
  props: Record<string, Prop>;
  args: readonly string[];
  fixed: Record<string, string>;
  interactive: ReadonlySet<string>;
  /** Parameters whose value is a file name replaced by the file's content: not checkable from the argv. */
  files: ReadonlySet<string>;
  usage: string;
  /** The words after the command. */
  rest: string[];
  method?: Method;
}

export type Outcome =
  | { status: 'ok'; params: Record<string, Value>; unchecked: string[] }
  | { status: 'refused'; code: number; stderr: string; errors?: Errors; unchecked: string[] };

/** A command the tables know but whose parameters cannot be checked here (reported, never refused). */
export interface Unjudged { command: string; why: string }

function commandProps(api: ApiSchema, c: Command): { props: Record<string, Prop>; method?: Method } | 'unchecked' | undefined {
  if ('local' in c) return c.local === 'unchecked' ? 'unchecked' : { props: c.local };
  const method = api.method(methodKey(c.method, c.path));
  return method ? { props: method.properties, method } : undefined;
}

/** The spec of a pct / qm / pvesm argv (without the tool name), or why there is none. */
export function cliSpec(api: ApiSchema, tool: string, words: readonly string[], node: string):
  CommandSpec | Unjudged | { unknown: string; command: string } | undefined {
  const table = TABLES[tool];
  if (!table) return undefined;
  const r = resolveCommand(tool, { ...table, help: { local: 'unchecked', args: ['extra-args'] } }, words);
  if (r.kind !== 'command') return { unknown: r.kind === 'none' ? 'no command specified' : `${r.kind} command '${r.cmdStr}'`, command: r.cmdStr };
  const found = commandProps(api, r.command);
  if (found === undefined) {
    const c = r.command as ApiCommand;
    return { command: r.cmdStr, why: `${c.method} ${c.path} is not in ${api.source}` };
  }
  if (found === 'unchecked') return { command: r.cmdStr, why: 'parameters not transcribed' };
  const fixed: Record<string, string> = r.command.node ? { node } : {};
  const interactive = new Set<string>('interactive' in r.command ? r.command.interactive ?? [] : []);
  const files = new Set<string>('fileParams' in r.command ? r.command.fileParams ?? [] : []);
  return {
    command: r.cmdStr, props: found.props, args: r.command.args, fixed, interactive, files, rest: r.rest,
    usage: usageLine(r.cmdStr, found.props, r.command.args, new Set(Object.keys(fixed)), interactive),
    ...(found.method ? { method: found.method } : {}),
  };
}

/** get_options, then validate: PVE's refusal text, or the parsed parameters. */
export function runSpec(spec: CommandSpec, ctx: FormatCtx): Outcome {
  const parsed = getOptions(spec.props, spec.rest, spec.args, spec.fixed, spec.interactive);
  if (!parsed.ok) return { status: 'refused', code: 255, stderr: `${parsed.warnings}400 ${parsed.message}\n${spec.usage}\n`, unchecked: [] };
  // an interactive parameter given without a value is asked for; a file parameter is read: neither is checkable
  const skip = new Set([...spec.files, ...[...spec.interactive].filter((k) => parsed.params[k] === '')]);
  const errors = validateParams(spec.props, parsed.params, ctx, skip);
  const unchecked = [...ctx.unchecked].sort();
  if (Object.keys(errors).length) return { status: 'refused', code: 255, stderr: verificationText(errors, spec.usage), errors, unchecked };
  return { status: 'ok', params: parsed.params, unchecked };
}
