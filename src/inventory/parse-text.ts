// Text -> data, with parser errors as one `file: line L, column C: message` line.
import { parseDocument } from './yaml.js';
import { findDuplicateKeys, findJsonSyntaxError, lineColumn } from './json-error-position.js';

export type Parsed = { ok: true; value: unknown } | { ok: false; problems: string[] };

export function parseJsonText(label: string, text: string): Parsed {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (e) {
    const found = findJsonSyntaxError(body);
    const { line, column } = lineColumn(body, found?.offset ?? 0);
    const message = found?.message ?? (e instanceof Error ? e.message : String(e));
    return { ok: false, problems: [`${label}: line ${line}, column ${column}: ${message}`] };
  }
  if (keysInText(body) === keysIn(value)) return { ok: true, value };
  const duplicates = findDuplicateKeys(body).map((p) => `${label}: ${p}: duplicate key (JSON keeps only the last one)`);
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  return { ok: true, value };
}

/**
 * Object keys written in valid JSON text: every string token, matched whole and in order (outside strings a `"`
 * always opens one, so the scan never starts inside a string and stays linear), is a key when `:` follows it.
 */
const STRING_TOKEN = /"(?:[^"\\]|\\.)*"(\s*:)?/g;
function keysInText(text: string): number {
  let n = 0;
  STRING_TOKEN.lastIndex = 0;
  for (let m = STRING_TOKEN.exec(text); m !== null; m = STRING_TOKEN.exec(text)) if (m[1] !== undefined) n++;
  return n;
}

/** Keys of every object in a parsed value. Fewer than the text has means JSON.parse dropped a duplicate. */
function keysIn(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  let n = 0;
  if (Array.isArray(v)) { for (const x of v) n += keysIn(x); return n; }
  for (const k in v) if (Object.hasOwn(v, k)) n += 1 + keysIn((v as Record<string, unknown>)[k]);
  return n;
}

export function parseYamlText(label: string, text: string): Parsed {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const at = err.linePos?.[0];
    const { line, column } = at ? { line: at.line, column: at.col } : lineColumn(text, err.pos[0]);
    const message = err.message.split('\n')[0] ?? err.message;
    return { ok: false, problems: [`${label}: line ${line}, column ${column}: ${message}`] };
  }
  return { ok: true, value: doc.toJS() as unknown };
}
