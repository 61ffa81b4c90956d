// `--json --dry-run` emits the plan as events on stdout (run_start with dry_run, the plan, a run_end), each valid
// against config/schemas/events.schema.json; the human plan goes to stderr; no node is contacted and nothing is
// journalled. Before: stdout stayed empty.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/compile/plan.js';
import { cli } from '../helpers/cli.js';
import { repoRoot, writeProject } from '../helpers/fixtures.js';

test('--json --dry-run: run_start (dry_run), the plan event with every step, run_end; schema-valid; no node, no journal', async () => {
  const p = writeProject();
  try {
    const r = await cli(['create', '950', '--dry-run', '--json'], { cwd: p.dir });
    assert.is(r.code, 0, r.stderr);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; dry_run?: boolean; steps?: { id: string }[]; exit_code?: number; commands_sent?: number });
    assert.equal(events.map((e) => e.event), ['run_start', 'plan', 'run_end']);
    assert.equal([events[0]!.dry_run, events[2]!.dry_run, events[2]!.exit_code, events[2]!.commands_sent], [true, true, 0, 0]);
    const plan = JSON.parse((await cli(['plan', 'create', '950', '--format', 'json'], { cwd: p.dir })).stdout) as Plan;
    assert.equal(events[1]!.steps!.map((s) => s.id), plan.steps.map((s) => s.id));
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const valid = ajv.compile(JSON.parse(readFileSync(join(repoRoot(), 'config/schemas/events.schema.json'), 'utf8')) as object);
    for (const e of events) assert.ok(valid(e), `${JSON.stringify(e)}\n${ajv.errorsText(valid.errors)}`);
    assert.match(r.stderr, /dry run: no node was contacted/);
    assert.not.ok(existsSync(join(p.dir, '.phoenix')), 'nothing journalled, no lock');
  } finally { p.cleanup(); }
});

test.run();
