// Text -> data, with parser errors as one `file: line L, column C: message` line.
import { parseDocument } from 'yaml';
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
  const duplicates = findDuplicateKeys(body).map((p) => `${label}: ${p}: duplicate key (JSON keeps only the last one)`);
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  return { ok: true, value };
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
