// The end of every run: a recap per node, counts, what was sent, and (when something was done) a timing profile.
import type { Step } from '../compile/plan.js';
import { palette, type Paint, type Palette } from './colour.js';
import { recapLines } from './recap.js';
import type { Outcome } from './scheduler.js';

export type Counts = Record<'changed' | 'ok' | 'pending' | 'unknown' | 'failed' | 'not-run', number>;
const zero = (): Counts => ({ changed: 0, ok: 0, pending: 0, unknown: 0, failed: 0, 'not-run': 0 });

export interface RunSummary {
  counts: Counts;
  /** The same counts per node (every node of the plan, reached or not). */
  perNode: Record<string, Counts>;
  /** Commands sent while acting (checks send none: they answer from the facts). */
  commandsSent: number;
  /** Commands of the state read, per node. */
  factCommands: Record<string, number>;
  unreachable: string[];
  failures: { step: string; message: string }[];
  slowest: { step: string; ms: number }[];
  perNodeMs: Record<string, number>;
  wallMs: number;
  /** Time until every node's state was read (connect + facts). */
  factsMs: number;
  /** Per guest (step order), the config keys that wait in its pending section for the next start. */
  pending: { guest: string; keys: string[] }[];
  /** Warnings successful commands printed (StepResult.warnings), per step that had any. */
  warnings: { step: string; count: number }[];
}

export function summarize(steps: readonly Step[], outcomes: Map<string, Outcome>, extra: Pick<RunSummary, 'factCommands' | 'unreachable' | 'wallMs' | 'factsMs'>): RunSummary {
  const counts = zero();
  const perNode: Record<string, Counts> = {};
  for (const s of steps) perNode[s.node] ??= zero();
  const failures: RunSummary['failures'] = [];
  const perNodeMs: Record<string, number> = {};
  let commandsSent = 0;
  const pending = new Map<string, Set<string>>();
  const warnings: RunSummary['warnings'] = [];
  for (const s of steps) {
    const o = outcomes.get(s.id);
    if (!o) continue;
    counts[o.status]++;
    perNode[s.node]![o.status]++;
    const guest = s.guest ?? s.node;
    const keys = o.change?.pending ?? [];
    if (keys.length) pending.set(guest, new Set([...(pending.get(guest) ?? []), ...keys]));
    // a restart that went through took them into effect
    const applied = o.status === 'changed' && o.change && o.change.kind !== 'none' ? o.change.applies ?? [] : [];
    for (const k of applied) pending.get(guest)?.delete(k);
    commandsSent += o.commands;
    perNodeMs[s.node] = (perNodeMs[s.node] ?? 0) + o.ms;
    if (o.warnings?.length) warnings.push({ step: s.id, count: o.warnings.length });
    if (o.status === 'failed') failures.push({ step: s.id, message: o.detail ?? 'failed' });
  }
  const slowest = steps.map((s) => ({ step: s.id, ms: outcomes.get(s.id)?.ms ?? 0 })).filter((x) => x.ms > 0).sort((a, b) => b.ms - a.ms).slice(0, 5);
  return { counts, perNode, commandsSent, failures, slowest, perNodeMs, pending: [...pending].filter(([, keys]) => keys.size).map(([guest, keys]) => ({ guest, keys: [...keys].sort() })), warnings, ...extra };
}

/** A count in the colour of its kind when it is not zero: `16 changed` in yellow, `0 failed` plain. */
const counted = (n: number, what: string, paint: Paint): string => (n ? paint(`${n} ${what}`) : `${n} ${what}`);

/** Step times below this are shown as nothing; and a no-op or a check (plans from one state read) is not timed at all. */
const MIN_SHOWN_MS = 50;

/** `colour`: paint the lines (colour.ts wantColour decides; a palette is taken as it is). */
export function formatSummary(s: RunSummary, check: boolean, colour: boolean | Palette = false): string[] {
  const p = typeof colour === 'boolean' ? palette(colour) : colour;
  const c = s.counts;
  const lines: string[] = [];
  for (const f of s.failures) lines.push(p.failed(`FAILED ${f.step}: ${f.message}`));
  for (const n of s.unreachable) lines.push(p.failed(`UNREACHABLE ${n}: its steps were not run`));
  const parts = check
    ? [counted(c.pending, 'would change', p.changed), counted(c.ok, 'ok', p.ok), counted(c.unknown, 'unknown', p.dim), counted(c.failed, 'failed', p.failed), counted(c['not-run'], 'not run', p.dim)]
    : [counted(c.changed, 'changed', p.changed), counted(c.ok, 'ok', p.ok), counted(c.failed, 'failed', p.failed), counted(c['not-run'], 'not run', p.dim)];
  for (const x of s.pending) lines.push(p.changed(`${x.guest}: ${x.keys.join(', ')} pending until restart`));
  if (s.pending.length) lines.push(`Pending changes apply at the next start: run again with --apply-pending, or restart ${s.pending.map((x) => x.guest).join(' ')}.`);
  lines.push(...recapLines(s, check, p));
  const warned = s.warnings.reduce((n, w) => n + w.count, 0);
  if (warned) parts.push(p.changed(`${warned} warning${warned > 1 ? 's' : ''} (${s.warnings.map((w) => `${w.step} ${w.count}`).join(', ')})`));
  lines.push(`Summary: ${parts.join(', ')} in ${(s.wallMs / 1000).toFixed(1)}s`);
  const noop = c.changed === 0 && c.failed === 0 && c['not-run'] === 0;
  if (!check && noop) lines.push(p.ok('Nothing changed: no mutating command was sent.'));
  if (check) lines.push(c.pending || c.unknown ? p.changed('Changes pending.') : p.ok('Converged: nothing would change.'));
  const reads = Object.entries(s.factCommands).map(([n, k]) => `${n} ${k}`).join(', ');
  lines.push(`Commands: ${s.commandsSent} sent while acting; state read: ${reads || 'none'}`);
  if (check || (c.changed === 0 && c.failed === 0)) return lines;
  const slowest = s.slowest.filter((x) => x.ms >= MIN_SHOWN_MS);
  if (!slowest.length) return lines;
  lines.push(p.dim(`Slowest: ${slowest.map((x) => `${x.step} ${(x.ms / 1000).toFixed(2)}s`).join(', ')}`));
  const nodes = Object.entries(s.perNodeMs).map(([n, ms]) => `${n} ${(ms / 1000).toFixed(2)}s`).join(', ');
  if (nodes) lines.push(p.dim(`Time per node (sum of step times): ${nodes}; state read ${(s.factsMs / 1000).toFixed(2)}s`));
  return lines;
}
