// The dry-run view of a plan: its columns are as wide as the longest step id and node, so they stay aligned.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alignRows } from '../../src/compile/columns.js';
import { describePlan } from '../../src/compile/describe.js';
import type { Plan, Step } from '../../src/compile/plan.js';

const step = (id: string, node: string, after: string[] = []): Step => ({ id, node, task: 'lxc.config', params: {}, after } as unknown as Step);

test('long step ids and node names keep "on" and "after" in one column each; no line ends in spaces', () => {
  const long = '900:lxc.snapshot:a-rather-long-snapshot-name-for-the-template';
  const steps = [step('900:lxc.create', 'pve'), step(long, 'pve-backup-node', ['900:lxc.create']), ...Array.from({ length: 9 }, (_, i) => step(`9${i}:lxc.start`, 'pve', [long]))];
  const plan: Plan = { verb: 'create', targets: ['900'], steps, notes: ['9000 is a template: never started or stopped'] } as Plan;
  const lines = describePlan(plan);
  assert.is(lines[0], "Plan 'create' for 900: 11 steps");
  assert.is(lines[1], '  note: 9000 is a template: never started or stopped');
  const rows = lines.slice(2);
  assert.is(rows.length, 11);
  const on = rows.map((l) => l.indexOf(' on '));
  assert.equal(new Set(on).size, 1, rows.join('\n'));
  const after = rows.filter((l) => l.includes(' after ')).map((l) => l.indexOf(' after '));
  assert.equal(new Set(after).size, 1, rows.join('\n'));
  assert.ok(on[0]! > long.length, 'the id column is as wide as the longest id');
  assert.is(rows[0], `   1. 900:lxc.create${' '.repeat(long.length - '900:lxc.create'.length)}  on pve`);
  assert.ok(rows[10]!.startsWith('  11. 98:lxc.start'), 'numbers are right-aligned');
  for (const l of rows) assert.is(l, l.trimEnd());
});

test('alignRows: widths measured with the given function (colour codes take no room), right-aligned columns', () => {
  const paint = (t: string): string => `\x1b[32m${t}\x1b[39m`;
  // eslint-disable-next-line no-control-regex
  const width = (t: string): number => t.replace(/\x1b\[[0-9;]*m/g, '').length;
  assert.equal(alignRows([[paint('a'), '1', 'x'], ['bbb', '22', '']], { width, right: [1] }), [`${paint('a')}     1  x`, 'bbb  22']);
});

test.run();
