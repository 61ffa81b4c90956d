// `pvesh <get|set|create|delete> <path> [OPTIONS] [--output-format F]`: a small API router.
import type { Ctx } from '../core/ctx.js';
import { parseArgs } from '../core/getopt.js';
import type { OptSpec } from '../core/schema.js';
import { formatOutput } from './format.js';
import { ROUTES, type Method } from './routes.js';

const METHODS: readonly Method[] = ['get', 'set', 'create', 'delete'];
const FORMAT: OptSpec = { type: 'string', enum: ['text', 'json', 'json-pretty', 'yaml'] };

export async function run(ctx: Ctx, args: string[]): Promise<number> {
  const method = args[0] as Method | undefined;
  if (!method || !METHODS.includes(method)) {
    const head = method === undefined ? 'ERROR: no command specified' : `ERROR: unknown command 'pvesh ${method}'`;
    ctx.err(`${head}\nUSAGE: pvesh <COMMAND> [ARGS] [OPTIONS]\n${METHODS.map((m) => `       pvesh ${m} <api_path> [OPTIONS] [FORMAT_OPTIONS]\n`).join('')}`);
    return 255;
  }
  const rawPath = args[1] && !args[1].startsWith('-') ? args[1] : undefined;
  const usage = `pvesh ${method} <api_path> [OPTIONS] [FORMAT_OPTIONS]`;
  if (rawPath === undefined) parseArgs({ usage, args: ['api_path'] }, args.slice(1));
  const path = `/${(rawPath as string).replace(/^\/+|\/+$/g, '')}`;
  let found: { route: (typeof ROUTES)[number]; m: RegExpExecArray } | undefined;
  for (const route of ROUTES) {
    const m = route.method === method ? route.path.exec(path) : null;
    if (m) { found = { route, m }; break; }
  }
  // pve-manager PVE/CLI/pvesh.pm extract_path_info (the path is the second word): message on stderr, exit(1)
  if (!found) { ctx.err(`No '${method}' handler defined for '${rawPath as string}'\n`); return 1; }
  const { opts } = parseArgs({
    usage, args: ['api_path'], argSpecs: {},
    opts: { ...found.route.params, 'output-format': FORMAT, noborder: { type: 'boolean' }, noheader: { type: 'boolean' }, quiet: { type: 'boolean' }, 'human-readable': { type: 'boolean' } },
    ...(found.route.patterns ? { patterns: found.route.patterns } : {}),
  }, args.slice(1));
  const format = opts['output-format'] ?? 'text';
  for (const k of ['output-format', 'noborder', 'noheader', 'quiet', 'human-readable']) delete opts[k];
  const data = await found.route.handler(ctx, found.m, opts);
  if (format === 'yaml') {
    const { stringify } = await import('yaml');
    if (data !== undefined) ctx.out(stringify(data));
  } else {
    ctx.out(formatOutput(data, format));
  }
  return 0;
}
