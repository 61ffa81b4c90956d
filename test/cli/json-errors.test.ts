// --json: usage and configuration errors are `error` events on stdout (one per problem, with file and JSON path
// for a configuration problem), valid against config/schemas/events.schema.json; nothing human on stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, type CliResult } from '../helpers/cli.js';
import { repoRoot, sampleLxc, writeProject } from '../helpers/fixtures.js';

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const valid = ajv.compile(JSON.parse(readFileSync(join(repoRoot(), 'config/schemas/events.schema.json'), 'utf8')) as object);

interface ErrorEvent { event: string; kind: string; message: string; file?: string; path?: string }

/** Every stdout line is a schema-valid event; the error events. */
function events(r: CliResult): ErrorEvent[] {
  const lines = r.stdout.split('\n').filter(Boolean);
  assert.ok(lines.length > 0, `no events on stdout; stderr:\n${r.stderr}`);
  return lines.map((l) => {
    let e: unknown;
    try { e = JSON.parse(l); } catch { assert.unreachable(`not JSON on stdout: ${l}`); }
    assert.ok(valid(e), `${l}\n${ajv.errorsText(valid.errors)}`);
    return e as ErrorEvent;
  }).filter((e) => e.event === 'error');
}

test('a usage error is one error event; the human line stays on stderr', async () => {
  const r = await cli(['start', '950', '--chek', '--json']);
  assert.is(r.code, 1);
  const ev = events(r);
  assert.equal(ev.map((e) => [e.kind, e.message]), [['usage', "unknown option '--chek' (did you mean '--check'?)"]]);
  assert.is(r.stderr, "Error: unknown option '--chek' (did you mean '--check'?)\n");
});

test('usage errors found after parsing (no targets, unknown verb) are events too', async () => {
  const p = writeProject();
  try {
    const none = await cli(['--json', 'start'], { cwd: p.dir });
    assert.is(none.code, 1);
    const [e] = events(none);
    assert.is(e?.kind, 'usage');
    assert.match(e!.message, /^Verb 'start' requires at least one target ID; hint: .*--all/);
    const verb = await cli(['creat', '--json'], { cwd: p.dir });
    assert.equal(events(verb).map((x) => x.message), ["Invalid verb 'creat' (did you mean 'create'?)"]);
  } finally { p.cleanup(); }
});

test('a broken configuration: one event per problem, with file and JSON path, for validate, plan and run', async () => {
  const lxc = sampleLxc() as unknown as { lxc_configs: Record<string, Record<string, unknown>> };
  lxc.lxc_configs['900']!['memory_mb'] = 'lots';
  lxc.lxc_configs['950']!['cores'] = -1;
  const p = writeProject({ lxc });
  try {
    for (const argv of [['validate', '--json'], ['plan', 'create', '950', '--json'], ['run', 'create', '950', '--json'], ['create', '950', '--json', '--dry-run']]) {
      const r = await cli(argv, { cwd: p.dir });
      assert.is(r.code, 1, argv.join(' '));
      const ev = events(r);
      const human = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
      assert.is(ev.length, human.length, `one event per error line:\n${r.stdout}\n${r.stderr}`);
      assert.ok(ev.every((e) => e.kind === 'config'));
      const byPath = new Map(ev.map((e) => [e.path, e]));
      assert.is(byPath.get('/lxc_configs/900/memory_mb')?.file, 'phoenix_lxc_configs.json', r.stdout);
      assert.is(byPath.get('/lxc_configs/950/cores')?.file, 'phoenix_lxc_configs.json', r.stdout);
      for (const e of ev) assert.ok(human.includes(`Error: ${e.message}`), `${e.message} is the human line too`);
    }
  } finally { p.cleanup(); }
});

test('no config at all: a config error event, nothing else on stdout', async () => {
  const r = await cli(['validate', '--json'], { cwd: '/' });
  assert.is(r.code, 1);
  const ev = events(r);
  assert.is(ev.length, 1);
  assert.is(ev[0]!.kind, 'config');
});

test('a plan error (delete refused) is an event of kind plan, its message without a second prefix', async () => {
  const p = writeProject();
  try {
    const r = await cli(['delete', '900', '--json'], { cwd: p.dir });
    assert.is(r.code, 1);
    const ev = events(r);
    assert.is(ev[0]?.kind, 'plan');
    assert.match(ev[0]!.message, /^refusing to delete 900: 950 clones from it/);
  } finally { p.cleanup(); }
});

test('without --json, stdout stays empty on errors', async () => {
  const r = await cli(['start', '950', '--chek']);
  assert.is(r.stdout, '');
});

test.run();
