// The per-node recap, like Ansible's PLAY RECAP: one aligned line per node with its counts. The counts are the
// summary's (changed and ok are apart, as in "16 changed, 13 ok"), so the lines add up to the summary line.
import { alignRows } from '../compile/columns.js';
import { paintStatus, visibleLength, type Palette } from './colour.js';
import type { Counts, RunSummary } from './summary.js';

type Column = [label: string, count: (c: Counts) => number, status: string];

const RUN: Column[] = [
  ['ok', (c) => c.ok, 'ok'],
  ['changed', (c) => c.changed, 'changed'],
  ['failed', (c) => c.failed, 'failed'],
];
const CHECK: Column[] = [
  ['ok', (c) => c.ok, 'ok'],
  ['would-change', (c) => c.pending, 'pending'],
  ['unknown', (c) => c.unknown, 'unknown'],
  ['failed', (c) => c.failed, 'failed'],
];

export function recapLines(s: Pick<RunSummary, 'perNode' | 'unreachable'>, check: boolean, p: Palette): string[] {
  const names = Object.keys(s.perNode).sort();
  if (!names.length) return [];
  const rows = names.map((name) => {
    const c = s.perNode[name]!;
    const down = s.unreachable.includes(name) ? 1 : 0;
    const cells = (check ? CHECK : RUN).map(([label, count, status]) => {
      const n = count(c);
      return n ? paintStatus(p, status)(`${label}=${n}`) : `${label}=${n}`;
    });
    cells.push(down ? p.failed('unreachable=1') : 'unreachable=0');
    cells.push(c['not-run'] ? p.dim(`not-run=${c['not-run']}`) : 'not-run=0');
    // the node's own colour: red when something failed there or it could not be reached, yellow when it changed
    const paintName = c.failed || down ? p.failed : (check ? c.pending || c.unknown : c.changed) ? p.changed : p.ok;
    return [paintName(name), ...cells];
  });
  return ['Recap:', ...alignRows(rows, { width: visibleLength }).map((l) => `  ${l}`)];
}
