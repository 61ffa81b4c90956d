// The validators compiled at build time (ajv standalone code) are the ones in use, and they judge exactly as ajv
// compiling the shipped schemas at run time does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { compiledAjv, schemasDigest, schemaTexts } from '../../src/inventory/ajv-setup.js';
import { GENERATED_VALIDATORS, schemaErrors, validatorsFromBuild } from '../../src/inventory/validate-schema.js';
import type { SchemaName } from '../../src/inventory/schema-files.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realFixtureDir } from '../helpers/fixtures.js';

const texts = schemaTexts();

test('the build wrote validators for the shipped schemas, and they are the ones in use', () => {
  const gen = createRequire(import.meta.url)(GENERATED_VALIDATORS) as { digest: string };
  assert.is(gen.digest, schemasDigest(texts));
  assert.ok(validatorsFromBuild());
});

const strip = (es: readonly ErrorObject[]): unknown[] => es.map((e) => ({ k: e.keyword, p: e.instancePath, s: e.schemaPath, params: e.params, h: (e.parentSchema as Record<string, unknown> | undefined)?.['x-expected'] }));

test('generated and run-time compiled validators give the same errors', () => {
  const { ajv, ids } = compiledAjv(texts, false);
  const cases: [SchemaName, unknown][] = [
    ['lxc-configs', { lxc_configs: { '950': { memory_mb: 'a', name: 7, network_config: { ip: '300.1.1.1/24' } } } }],
    ['lxc-configs', { lxc_configs: { x: {} }, extra: 1 }],
    ['vm-configs', { vms: [{ vmid: -1, name: '' }] }],
    ['hypervisor-config', { users: [{ username: 'a b' }], nfs: 3 }],
    ['inventory', { nodes: { 'bad name': { connection: 'telnet' } } }],
    ['phoenix-config', { configs: { lxc: 5 }, limits: { perNode: 0 } }],
    ['phoenix-config', []],
  ];
  for (const [name, doc] of cases) {
    const fn = ajv.getSchema(ids[name])!;
    fn(doc);
    const runtime = strip(fn.errors ?? []);
    assert.ok(runtime.length > 0, `${name}: the case must be invalid`);
    assert.equal(strip(schemaErrors(name, doc)), runtime, name);
  }
});

test('the real configuration is valid under the generated validators', () => {
  const dir = realFixtureDir();
  if (!dir) { console.log('  (../shared/fixtures/phoenix-real absent: skipped)'); return; }
  const read = (f: string): unknown => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  assert.equal(schemaErrors('lxc-configs', read('phoenix_lxc_configs.json')), []);
  assert.equal(schemaErrors('vm-configs', read('phoenix_vm_configs.json')), []);
  assert.equal(schemaErrors('hypervisor-config', read('phoenix_hypervisor_config.json')), []);
});

test.run();
