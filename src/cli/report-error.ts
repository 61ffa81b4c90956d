// How an error is shown: one style for every error line (`Error: <message>`, whatever prefix the message carried),
// hint lines as they are; with --json also as `error` events on stdout, one per problem, with the file and JSON
// path a configuration problem names (config/schemas/events.schema.json).
import { PhoenixError } from '../errors.js';
import { now, type RunEvent } from '../runner/events.js';

/** Any `Error:` / `error:` the message already starts with (some carry the seed's verbatim prefix). */
const PREFIX = /^(?:error\s*:\s*)+/i;
/** Lines that explain the error before them rather than being one. */
const isHint = (l: string): boolean => /^(?:hint|note): /.test(l) || /^\s/.test(l);

function rawLines(e: unknown): string[] {
  const lines = e instanceof PhoenixError ? e.lines() : [e instanceof Error ? e.message : String(e)];
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.trim() !== '');
}

export const errorLine = (line: string): string => `Error: ${line.replace(PREFIX, '')}`;

/** The lines to print on stderr. */
export function errorLines(e: unknown): string[] {
  return rawLines(e).map((l) => (isHint(l) ? l : errorLine(l)));
}

const looksLikeFile = (s: string): boolean => /\.(?:json|ya?ml|js|cjs|mjs|ts|sh)$/i.test(s) || s.includes('/');

/** `phoenix_lxc_configs.json: /lxc_configs/950/memory_mb: must be integer` -> its file and JSON pointer. */
export function problemWhere(message: string): { file?: string; path?: string } {
  const m = /^([^:]+): (.+)$/.exec(message);
  if (!m || !looksLikeFile(m[1]!)) return {};
  const p = /^(\/\S*?): ./.exec(m[2]!);
  return { file: m[1]!, ...(p ? { path: p[1]! } : {}) };
}

/** One `error` event per problem (a hint joins the problem before it). */
export function errorEvents(e: unknown): RunEvent[] {
  const kind = e instanceof PhoenixError ? e.kind : 'internal';
  const messages: string[] = [];
  for (const l of rawLines(e)) {
    if (isHint(l) && messages.length) messages[messages.length - 1] += `; ${l.trim()}`;
    else messages.push(l.replace(PREFIX, ''));
  }
  return messages.map((message) => ({ event: 'error', ts: now(), kind, message, ...(kind === 'config' ? problemWhere(message) : {}) }));
}
