// The bench's one table (markdown, ready to paste into README.md): each row a measured figure, the ratio or bound
// beside it, the target and pass / FAIL (or skip with the reason, or info for context rows).
export type Result = 'pass' | 'FAIL' | 'skip' | 'info';

export interface BenchRow {
  /** Row of issue 12 (`1`, `2`, ...) and a letter. */
  id: string;
  what: string;
  /** How many timed runs the figure is the median of. */
  runs: string;
  measured: string;
  /** The ratio or bound the target applies to. */
  against: string;
  target: string;
  result: Result;
}

/** pass when `value <= limit`; FAIL otherwise (also for a value that could not be measured). */
export const atMost = (value: number | undefined, limit: number): Result => (value !== undefined && Number.isFinite(value) && value <= limit ? 'pass' : 'FAIL');

export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
export const times = (x: number): string => `${x.toFixed(2)}×`;
export const mb = (x: number | undefined): string => (x === undefined ? 'RSS n/a' : `${Math.round(x)} MB`);

const escape = (s: string): string => s.replace(/\|/g, '\\|');

export function markdownTable(rows: readonly BenchRow[]): string {
  const head = ['#', 'what', 'runs', 'measured', 'ratio / bound', 'target', 'result'];
  const body = rows.map((r) => [r.id, r.what, r.runs, r.measured, r.against, r.target, r.result === 'FAIL' ? '**FAIL**' : r.result].map(escape));
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]): string => `| ${c.map((x, i) => x.padEnd(w[i]!)).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
