// Small pure helpers: cycle finding, JSON error positions, schema files, ignored fields.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findCycles } from '../../src/inventory/find-cycles.js';
import { ignoredFields } from '../../src/inventory/ignored-fields.js';
import { findJsonSyntaxError, lineColumn } from '../../src/inventory/json-error-position.js';
import { SCHEMA_NAMES, schemaFile } from '../../src/inventory/schema-files.js';
import { realFixtureDir } from '../helpers/fixtures.js';

const graph = (o: Record<string, string[]>): Map<string, string[]> => new Map(Object.entries(o));

test('findCycles: none in a DAG; ids outside the graph are ignored', () => {
  assert.equal(findCycles(graph({ '1': [], '2': ['1'], '3': ['1', '2', '404'] })), []);
});

test('findCycles: a long cycle starts at its smallest id and follows the edges', () => {
  assert.equal(findCycles(graph({ '300': ['100'], '100': ['200'], '200': ['300'], '400': ['300'] })), [['100', '200', '300', '100']]);
});

test('findCycles: self loop and two components', () => {
  assert.equal(findCycles(graph({ '5': ['5'], '7': ['8'], '8': ['7'] })), [['5', '5'], ['7', '8', '7']]);
});

test('findJsonSyntaxError: valid JSON has none; errors have offsets', () => {
  assert.is(findJsonSyntaxError('{"a": [1, -2.5e3, true, null, "x\\u0041"]}'), undefined);
  assert.equal(findJsonSyntaxError('{"a": 1,}'), { offset: 8, message: 'expected a double-quoted property name, unexpected character "}"' });
  assert.equal(findJsonSyntaxError('[1 2]'), { offset: 3, message: "expected ',' or ']' after array element, unexpected character \"2\"" });
  assert.equal(findJsonSyntaxError('{"a": "b\nc"}'), { offset: 8, message: 'control character in string (escape it)' });
  assert.equal(findJsonSyntaxError('{} x'), { offset: 3, message: 'unexpected content after the JSON value: "x"' });
  assert.equal(lineColumn('ab\ncd\nef', 7), { line: 3, column: 2 });
});

test('schemas: each has an $id, and the guest files share identical definitions', () => {
  const read = (n: (typeof SCHEMA_NAMES)[number]) => JSON.parse(readFileSync(schemaFile(n), 'utf8')) as { $id: string; $defs: Record<string, unknown> };
  for (const n of SCHEMA_NAMES) assert.ok(read(n).$id.endsWith(`/${n}.schema.json`), n);
  const lxc = read('lxc-configs').$defs;
  const vm = read('vm-configs').$defs;
  for (const name of ['guestId', 'hostname', 'features', 'dependencies', 'firewall', 'firewallRule', 'healthCheck', 'tests', 'ipConfig']) {
    assert.equal(vm[name], lxc[name], name);
  }
});

test('ignoredFields: every entry has a reason, paths are unique, and the real fixture has them', () => {
  const seen = new Set<string>();
  for (const f of ignoredFields) {
    assert.ok(f.reason.length > 10, f.path);
    assert.not.ok(seen.has(f.file + f.path), f.path);
    seen.add(f.file + f.path);
  }
  const dir = realFixtureDir();
  if (!dir) { console.log('skipped (partly): ../shared/fixtures/phoenix-real is absent'); return; }
  const present = (doc: unknown, parts: string[]): boolean => {
    if (parts.length === 0) return true;
    const [head, ...rest] = parts as [string, ...string[]];
    if (doc === null || typeof doc !== 'object') return false;
    const values = head === '*' ? Object.values(doc) : [(doc as Record<string, unknown>)[head]].filter((v) => v !== undefined);
    return values.some((v) => present(v, rest));
  };
  const docs = new Map<string, unknown>();
  for (const f of ignoredFields) {
    if (!docs.has(f.file)) docs.set(f.file, JSON.parse(readFileSync(join(dir, f.file), 'utf8')));
  }
  // Fields that exist only in the original schemas or code, not in the shipped configuration:
  const notInFixture = new Set(['/lxc_configs/*/dns_records', '/lxc_configs/*/health_checks', '/lxc_configs/*/volumes', '/vms/*/template', '/vms/*/snapshots', '/vms/*/count', '/vms/*/qm_options']);
  for (const f of ignoredFields) {
    if (notInFixture.has(f.path)) continue;
    assert.ok(present(docs.get(f.file), f.path.split('/').slice(1)), `${f.file} ${f.path}`);
  }
});

test.run();
