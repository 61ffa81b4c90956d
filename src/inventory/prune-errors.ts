// What the checks after the schema may read of a document that failed it: every member a schema error points
// into is left out, so what remains is schema-valid member by member (a required member may be absent).
import type { ErrorObject } from 'ajv';

const escape = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer of `key` inside the value at `base` (RFC 6901 escaping, as ajv's instancePath). */
export const pointerTo = (base: string, key: string | number): string => `${base}/${escape(String(key))}`;

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True when a schema error points at `pointer` or into the value there. */
export function hasErrorAt(errors: readonly ErrorObject[], pointer: string): boolean {
  return errors.some((e) => e.instancePath === pointer || e.instancePath.startsWith(`${pointer}/`));
}

/** Keys of the object at `pointer` that an error at `pointer` itself names (additionalProperties, propertyNames). */
export function namedKeys(errors: readonly ErrorObject[], pointer: string): Set<string> {
  const out = new Set<string>();
  for (const e of errors) {
    if (e.instancePath !== pointer) continue;
    const extra = (e.params as Record<string, unknown>)['additionalProperty'];
    if (e.keyword === 'additionalProperties' && typeof extra === 'string') out.add(extra);
    const name = (e as ErrorObject & { propertyName?: unknown }).propertyName;
    if (typeof name === 'string') out.add(name);
  }
  return out;
}

/** `obj` (found at `pointer`) without the members a schema error points into or names. */
export function withoutErrored(obj: Record<string, unknown>, pointer: string, errors: readonly ErrorObject[]): Record<string, unknown> {
  if (errors.length === 0) return obj;
  const named = namedKeys(errors, pointer);
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !named.has(k) && !hasErrorAt(errors, pointerTo(pointer, k))));
}
