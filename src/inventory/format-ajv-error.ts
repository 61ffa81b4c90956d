// ajv errors -> `file: /json/pointer: message` lines, one per problem, deduplicated.
import type { ErrorObject } from 'ajv';

function hint(e: ErrorObject): string | undefined {
  const parent = e.parentSchema as Record<string, unknown> | undefined;
  const h = parent?.['x-expected'];
  return typeof h === 'string' ? h : undefined;
}

function message(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `must NOT have additional property '${String(p['additionalProperty'])}'`;
    case 'enum': {
      const allowed = (p['allowedValues'] as unknown[] | undefined) ?? [];
      return `must be one of: ${allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`;
    }
    case 'const':
      return `must be ${JSON.stringify(p['allowedValue'])}`;
    case 'pattern':
    case 'format':
    case 'anyOf':
    case 'oneOf':
    case 'not': {
      const h = hint(e);
      if (h) return `must be ${h}`;
      return e.message ?? e.keyword;
    }
    default:
      return e.message ?? e.keyword;
  }
}

/** Lines for one document. `prefix` is prepended to every pointer (e.g. "/inventory"). */
export function formatAjvErrors(label: string, errors: readonly ErrorObject[], prefix = ''): string[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const found: { pointer: string; text: string }[] = [];
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    // Branch failures of an anyOf/oneOf are summarised by the combinator's own error.
    if (combinators.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`) && e.instancePath.startsWith(c.instancePath))) continue;
    const name = (e as ErrorObject & { propertyName?: string }).propertyName;
    let pointer = prefix + e.instancePath;
    let text = message(e);
    if (name !== undefined) {
      pointer += `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      text = `property name ${text}`;
    }
    found.push({ pointer: pointer || '/', text });
  }
  // Document order is unknown here; pointer order (numeric-aware, stable) reads best.
  found.sort((a, b) => a.pointer.localeCompare(b.pointer, 'en', { numeric: true }));
  return [...new Set(found.map((f) => `${label}: ${f.pointer}: ${f.text}`))];
}
