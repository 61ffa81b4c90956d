// Locates config/schemas/ (shipped next to src/ and dist/) and reads the schema documents.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_NAMES = ['phoenix-config', 'inventory', 'lxc-configs', 'vm-configs', 'hypervisor-config'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

let cached: string | undefined;

/** Absolute path of config/schemas, found by walking up from this module. */
export function schemaDir(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'config', 'schemas');
    if (existsSync(join(candidate, 'phoenix-config.schema.json'))) return (cached = candidate);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`config/schemas not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function schemaFile(name: SchemaName): string {
  return join(schemaDir(), `${name}.schema.json`);
}

export function readSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaFile(name), 'utf8')) as Record<string, unknown>;
}
