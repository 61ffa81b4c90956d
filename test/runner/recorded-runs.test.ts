// `--resume last` reads the journals back: it takes the newest run that could mutate and did not finish, never a
// --check or --dry-run run, never one that finished (or that a later run resumed to the end).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { endingOf, lastResumable } from '../../src/runner/recorded-runs.js';

interface Fake { id: string; ts: string; verb?: string; targets?: string[]; check?: boolean; dryRun?: boolean; resumedFrom?: string; end?: { exit_code: number; interrupted?: boolean } | 'cut' }

function journals(runs: Fake[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'phx-runs-'));
  for (const r of runs) {
    const lines = [
      JSON.stringify({ event: 'run_start', ts: r.ts, run_id: r.id, verb: r.verb ?? 'create', targets: r.targets ?? ['950'], check: r.check ?? false, ...(r.dryRun ? { dry_run: true } : {}), ...(r.resumedFrom ? { resumed_from: r.resumedFrom } : {}) }),
      JSON.stringify({ event: 'command', ts: r.ts, node: 'pve', argv: ['pct', 'clone', '900', '950'], code: 0, duration_ms: 5 }),
    ];
    if (r.end === 'cut') lines.push('{"event":"task_end","ts":"2026-12-0');
    else if (r.end) lines.push(JSON.stringify({ event: 'run_end', ts: r.ts, duration_ms: 1, counts: {}, slowest: [], ...r.end }));
    writeFileSync(join(dir, `${r.id}.jsonl`), `${lines.join('\n')}${r.end === 'cut' ? '' : '\n'}`);
  }
  return dir;
}

test('the issue: kill -9 during a create, then `create 900 --check`: resume takes the killed run, not the check', () => {
  const dir = journals([
    { id: 'A', ts: '2026-12-02T10:00:00.000Z', targets: ['950', '953', '960'], end: 'cut' },
    { id: 'B', ts: '2026-12-02T10:05:00.000Z', targets: ['900'], check: true, end: { exit_code: 2 } },
  ]);
  const r = lastResumable(dir);
  assert.is(r?.runId, 'A');
  assert.equal(r?.targets, ['950', '953', '960']);
  assert.is(r?.ending, 'unfinished');
  assert.is(r?.ts, '2026-12-02T10:00:00.000Z');
});

test('dry-run and finished runs are passed over; interrupted and failed ones are taken, newest first', () => {
  const dir = journals([
    { id: 'old-interrupted', ts: '2026-12-02T09:00:00.000Z', end: { exit_code: 1, interrupted: true } },
    { id: 'failed', ts: '2026-12-02T09:30:00.000Z', end: { exit_code: 1 } },
    { id: 'done', ts: '2026-12-02T10:00:00.000Z', end: { exit_code: 0 } },
    { id: 'dry', ts: '2026-12-02T10:10:00.000Z', dryRun: true },
    { id: 'check', ts: '2026-12-02T10:20:00.000Z', check: true },
  ]);
  assert.is(lastResumable(dir)?.runId, 'failed');
  assert.is(lastResumable(dir)?.ending, 'failed');
});

test('a run that a later run resumed to the end is settled (and so is the run that one resumed)', () => {
  const dir = journals([
    { id: 'first', ts: '2026-12-02T08:00:00.000Z', end: { exit_code: 1, interrupted: true } },
    { id: 'A', ts: '2026-12-02T09:00:00.000Z' },
    { id: 'B', ts: '2026-12-02T09:10:00.000Z', resumedFrom: 'A', end: { exit_code: 1, interrupted: true } },
    { id: 'C', ts: '2026-12-02T09:20:00.000Z', resumedFrom: 'B', end: { exit_code: 0 } },
  ]);
  assert.is(lastResumable(dir)?.runId, 'first');
});

test('nothing to resume: undefined (no journals, or only finished and read-only runs)', () => {
  assert.is(lastResumable(join(tmpdir(), 'phx-no-such-dir')), undefined);
  assert.is(lastResumable(journals([{ id: 'x', ts: '2026-12-02T08:00:00.000Z', end: { exit_code: 0 } }, { id: 'y', ts: '2026-12-02T09:00:00.000Z', check: true }])), undefined);
});

test('endingOf: the last run_end decides; a cut last line is ignored', () => {
  assert.is(endingOf('{"event":"run_start"}\n{"event":"run_end","exit_code":0}\n'), 'done');
  assert.is(endingOf('{"event":"run_start"}\n{"event":"run_end","exit_code":1,"interrupted":true}\n'), 'interrupted');
  assert.is(endingOf('{"event":"run_start"}\n{"event":"run_end","exit_c'), 'unfinished');
});

test.run();
