// Every NDJSON event of a real run (and every journal line) matches config/schemas/events.schema.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeEstate } from '../helpers/estate.js';
import { repoRoot, sampleLxc } from '../helpers/fixtures.js';

test('events of a converging run and of its journal match the events schema', async () => {
  const schema = JSON.parse(readFileSync(join(repoRoot(), 'config/schemas/events.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const valid = ajv.compile(schema);
  const lxc = sampleLxc();
  delete lxc.lxc_configs['950'];
  const e = makeEstate({ lxc, vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] } });
  try {
    const r = await e.run('create', '900', '--json');
    assert.is(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const runs = join(e.dir, '.phoenix', 'runs');
    const journal = readFileSync(join(runs, readdirSync(runs)[0]!), 'utf8').trim().split('\n');
    assert.ok(journal.some((l) => l.includes('"event":"command"')), 'the journal holds the commands sent');
    for (const l of [...lines, ...journal]) assert.ok(valid(JSON.parse(l)), `${l}\n${ajv.errorsText(valid.errors)}`);
    assert.ok(lines.some((l) => l.includes('"event":"task_end"')));
  } finally {
    e.cleanup();
  }
});

test('error events (usage and configuration errors under --json) match the schema; a malformed one does not', async () => {
  const schema = JSON.parse(readFileSync(join(repoRoot(), 'config/schemas/events.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const valid = ajv.compile(schema);
  const lxc = sampleLxc() as unknown as { lxc_configs: Record<string, Record<string, unknown>> };
  lxc.lxc_configs['900']!['memory_mb'] = 'lots';
  const e = makeEstate({ lxc });
  try {
    const usage = await e.run('start', '950', '--chek', '--json');
    const config = await e.run('create', '950', '--json');
    const lines = [...usage.stdout.trim().split('\n'), ...config.stdout.trim().split('\n')];
    assert.ok(lines.length >= 2, `${usage.stdout}${config.stdout}`);
    for (const l of lines) {
      const ev = JSON.parse(l) as { event: string };
      assert.is(ev.event, 'error', l);
      assert.ok(valid(ev), `${l}\n${ajv.errorsText(valid.errors)}`);
    }
  } finally {
    e.cleanup();
  }
  const ts = new Date().toISOString();
  assert.not.ok(valid({ event: 'error', ts, kind: 'oops', message: 'x' }), 'kind is one of the error kinds');
  assert.not.ok(valid({ event: 'error', ts, kind: 'config', message: '' }), 'a message says something');
  assert.not.ok(valid({ event: 'error', ts, kind: 'config', message: 'x', path: 'lxc_configs' }), 'path is a JSON pointer');
});

test.run();
