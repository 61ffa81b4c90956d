// What the bench reads from a run journal (.phoenix/runs/*.jsonl): lock errors and the clone-source bound.
import { readFileSync } from 'node:fs';

interface JournalEvent { event: string; ts: string; argv?: string[]; duration_ms?: number; stderr?: string }

function events(journalPath: string): JournalEvent[] {
  return readFileSync(journalPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEvent);
}

/** Commands that failed on a Proxmox lock (`CT is locked`, `can't lock file … got timeout`), from the journal. */
export function lockErrors(journalPath: string): number {
  return readFileSync(journalPath, 'utf8').split('\n').filter((l) => l.includes('"event":"command"') && /is locked|can't lock file/.test(l)).length;
}

/**
 * The critical-path bound of a converge set by the per-source clone limit: clones of one template run one at a time,
 * so no schedule beats (time until the first clone starts) + (sum of the clone calls) + (the last clone's own
 * remaining commands). Read from the run journal; undefined when the run cloned nothing.
 */
export function cloneBoundMs(journalPath: string): number | undefined {
  const ev = events(journalPath);
  const t = (x: { ts: string }): number => Date.parse(x.ts);
  const start = ev.find((x) => x.event === 'run_start');
  const clones = ev.filter((x) => x.event === 'command' && x.argv?.[0] === 'pct' && x.argv[1] === 'clone');
  if (!start || !clones.length) return undefined;
  const first = clones[0]!;
  const last = clones[clones.length - 1]!;
  const lastId = last.argv![3]!;
  const lastEnd = t(last);
  const tail = ev.filter((x) => x.event === 'command' && t(x) > lastEnd && x.argv?.includes(lastId)).reduce((a, x) => a + (x.duration_ms ?? 0), 0);
  return (t(first) - (first.duration_ms ?? 0) - t(start)) + clones.reduce((a, x) => a + (x.duration_ms ?? 0), 0) + tail;
}
