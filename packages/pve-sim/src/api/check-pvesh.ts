// pvesh (pve-manager PVE/CLI/pvesh.pm): `pvesh <get|set|create|delete|ls> <api_path> [--opts]` calls the API
// method of the path directly. At load time the path's method schema (minus the path's own `{params}`) becomes the
// command's options, plus `api_path`, `noproxy` and the standard output options (extract_path_info, which reads
// the path from the second word only); call_api_method then validates again with the path params filled in.
import type { ArgvCheck } from './check-argv.js';
import type { FormatCtx } from './check-format.js';
import { findHandler } from './find-handler.js';
import { runSpec, type CommandSpec } from './command-spec.js';
import type { ApiSchema, HttpMethod, Prop } from './types.js';
import { STANDARD_OUTPUT, usageLine } from './usage.js';
import { validateParams, verificationText } from './verify.js';

const METHOD: Readonly<Record<string, HttpMethod>> = { create: 'POST', set: 'PUT', get: 'GET', delete: 'DELETE' };
const COMMANDS = ['usage', 'get', 'ls', 'set', 'create', 'delete', 'help'];

const USAGE_PROPS: Record<string, Prop> = {
  api_path: { type: 'string' },
  verbose: { type: 'boolean', optional: 1 },
  returns: { type: 'boolean', optional: 1 },
  command: { type: 'string', enum: ['create', 'set', 'get', 'delete'], optional: 1 },
};

/** The first stage of a pvesh argv (the pvesh command's own schema), or what ends it early. */
export function pveshSpec(api: ApiSchema, argv: readonly string[]): CommandSpec | Exclude<ArgvCheck, { status: 'ok' }> | { status: 'ok'; command: string } {
  const args = [...argv];
  while (args[0] === '--noproxy' || args[0] === '--nooutput') args.shift();
  const word = args[0];
  if (word === undefined) return { status: 'unknown-command', command: 'pvesh', message: 'no command specified' };
  const hits = COMMANDS.filter((c) => c.startsWith(word));
  const cmd = COMMANDS.includes(word) ? word : hits.length === 1 ? hits[0] as string : undefined;
  if (cmd === undefined) return { status: 'unknown-command', command: `pvesh ${word}`, message: `unknown command 'pvesh ${word}'` };
  const command = `pvesh ${cmd}`;
  if (cmd === 'help') return { status: 'ok', command };
  // extract_path_info: only an exact method word followed by the path selects the path's schema
  let pathProps: Record<string, Prop> = {};
  const early = METHOD[word];
  if (early && args[1] !== undefined) {
    const h = findHandler(api, early, args[1]);
    if (!h) return { status: 'refused', command, code: 1, stderr: `No '${word}' handler defined for '${args[1]}'\n`, unchecked: [] };
    pathProps = Object.fromEntries(Object.entries(h.method.properties).filter(([k]) => !(k in h.uriParams)));
  }
  let props: Record<string, Prop>;
  if (cmd === 'usage') props = USAGE_PROPS;
  else {
    props = { ...pathProps, api_path: { type: 'string' }, noproxy: { type: 'boolean', optional: 1 } };
    for (const [k, p] of Object.entries(STANDARD_OUTPUT)) props[k] ??= p;
  }
  return {
    command, props, args: ['api_path'], fixed: {}, interactive: new Set(), files: new Set(), rest: args.slice(1),
    usage: usageLine(command, props, ['api_path'], new Set()),
  };
}

export function checkPvesh(api: ApiSchema, argv: readonly string[]): ArgvCheck {
  const spec = pveshSpec(api, argv);
  if (!('props' in spec)) return spec.status === 'ok' ? { ...spec, params: {}, unchecked: [] } : spec;
  const { command, usage } = spec;
  const cmd = command.slice('pvesh '.length);
  const ctx: FormatCtx = { unchecked: new Set() };
  const first = runSpec(spec, ctx);
  if (first.status === 'refused' || cmd === 'usage') return { command, ...first };

  // call_api_method (get/set/create/delete) and `ls` (a GET): the API method proper, path params included
  const { api_path: path, ...rest } = first.params;
  const params = Object.fromEntries(Object.entries(rest).filter(([k]) => !(k in STANDARD_OUTPUT)));
  const h = findHandler(api, METHOD[cmd] ?? 'GET', String(path));
  if (!h) {
    const stderr = cmd === 'ls' ? `no such resource '${String(path)}'\n` : `no '${cmd}' handler for '${String(path)}'\n`;
    return { status: 'refused', command, code: 255, stderr, unchecked: [] };
  }
  const full = { ...params, ...h.uriParams };
  const errors = validateParams(h.method.properties, full, ctx);
  const unchecked = [...ctx.unchecked].sort();
  if (Object.keys(errors).length) return { status: 'refused', command, code: 255, stderr: verificationText(errors, usage), errors, unchecked };
  return { status: 'ok', command, method: h.method, params: full, unchecked };
}
