// The end of every run: counts, what was sent, and a timing profile (slowest steps, time per node).
import type { Step } from '../compile/plan.js';
import type { Outcome } from './scheduler.js';

export interface RunSummary {
  counts: Record<'changed' | 'ok' | 'pending' | 'unknown' | 'failed' | 'not-run', number>;
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
  const counts: RunSummary['counts'] = { changed: 0, ok: 0, pending: 0, unknown: 0, failed: 0, 'not-run': 0 };
  const failures: RunSummary['failures'] = [];
  const perNodeMs: Record<string, number> = {};
  let commandsSent = 0;
  const pending = new Map<string, Set<string>>();
  const warnings: RunSummary['warnings'] = [];
  for (const s of steps) {
    const o = outcomes.get(s.id);
    if (!o) continue;
    counts[o.status]++;
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
  return { counts, commandsSent, failures, slowest, perNodeMs, pending: [...pending].filter(([, keys]) => keys.size).map(([guest, keys]) => ({ guest, keys: [...keys].sort() })), warnings, ...extra };
}

export function formatSummary(s: RunSummary, check: boolean): string[] {
  const c = s.counts;
  const lines: string[] = [];
  for (const f of s.failures) lines.push(`FAILED ${f.step}: ${f.message}`);
  for (const n of s.unreachable) lines.push(`UNREACHABLE ${n}: its steps were not run`);
  const parts = check
    ? [`${c.pending} would change`, `${c.ok} ok`, `${c.unknown} unknown`, `${c.failed} failed`, `${c['not-run']} not run`]
    : [`${c.changed} changed`, `${c.ok} ok`, `${c.failed} failed`, `${c['not-run']} not run`];
  for (const p of s.pending) lines.push(`${p.guest}: ${p.keys.join(', ')} pending until restart`);
  if (s.pending.length) lines.push(`Pending changes apply at the next start: run again with --apply-pending, or restart ${s.pending.map((p) => p.guest).join(' ')}.`);
  const warned = s.warnings.reduce((n, w) => n + w.count, 0);
  if (warned) parts.push(`${warned} warning${warned > 1 ? 's' : ''} (${s.warnings.map((w) => `${w.step} ${w.count}`).join(', ')})`);
  lines.push(`Summary: ${parts.join(', ')} in ${(s.wallMs / 1000).toFixed(1)}s`);
  if (!check && c.changed === 0 && c.failed === 0 && c['not-run'] === 0) lines.push('Nothing changed: no mutating command was sent.');
  if (check) lines.push(c.pending || c.unknown ? 'Changes pending.' : 'Converged: nothing would change.');
  const reads = Object.entries(s.factCommands).map(([n, k]) => `${n} ${k}`).join(', ');
  lines.push(`Commands: ${s.commandsSent} sent while acting; state read: ${reads || 'none'}`);
  if (s.slowest.length) lines.push(`Slowest: ${s.slowest.map((x) => `${x.step} ${(x.ms / 1000).toFixed(2)}s`).join(', ')}`);
  const nodes = Object.entries(s.perNodeMs).map(([n, ms]) => `${n} ${(ms / 1000).toFixed(2)}s`).join(', ');
  if (nodes) lines.push(`Time per node (sum of step times): ${nodes}; state read ${(s.factsMs / 1000).toFixed(2)}s`);
  return lines;
}
