// Reading journals back for `--resume`: what a run was (verb, targets, --check or not, when) and how it ended. A run
// is resumable when it could mutate (not --check, not --dry-run) and did not finish: no run_end (killed, crashed,
// power lost), a run_end saying it was interrupted (Ctrl-C, SIGTERM, the journal could not be written), or one
// saying it failed (the steps it did not run are still to do). A run that ended with exit 0 has nothing left.
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

export type RunEnding = 'unfinished' | 'interrupted' | 'failed' | 'done';

export interface RecordedRun {
  path: string;
  runId: string;
  ts: string;
  verb: string;
  targets: string[];
  check: boolean;
  dryRun: boolean;
  /** The run this one resumed (run_start `resumed_from`). */
  resumedFrom?: string;
  ending: RunEnding;
}

interface StartLine { event?: unknown; run_id?: unknown; ts?: unknown; verb?: unknown; targets?: unknown; check?: unknown; dry_run?: unknown; resumed_from?: unknown }
interface EndLine { event?: unknown; exit_code?: unknown; interrupted?: unknown }

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split('\n')[0] ?? '';
  } finally { closeSync(fd); }
}

function parseStart(path: string): Omit<RecordedRun, 'ending'> | undefined {
  let s: StartLine;
  try { s = JSON.parse(firstLine(path)) as StartLine; } catch { return undefined; }
  if (s.event !== 'run_start' || typeof s.verb !== 'string' || typeof s.run_id !== 'string') return undefined;
  return {
    path, runId: s.run_id, ts: typeof s.ts === 'string' ? s.ts : '', verb: s.verb,
    targets: Array.isArray(s.targets) ? s.targets.filter((t): t is string => typeof t === 'string') : [],
    check: s.check === true, dryRun: s.dry_run === true,
    ...(typeof s.resumed_from === 'string' ? { resumedFrom: s.resumed_from } : {}),
  };
}

/** How the run recorded in `text` ended (the last run_end line; a cut last line is ignored). */
export function endingOf(text: string): RunEnding {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (!l.includes('"run_end"')) continue;
    let e: EndLine;
    try { e = JSON.parse(l) as EndLine; } catch { continue; }
    if (e.event !== 'run_end') continue;
    if (e.interrupted === true) return 'interrupted';
    return e.exit_code === 0 ? 'done' : 'failed';
  }
  return 'unfinished';
}

/** The run recorded at `path`, or undefined when it is not a Phoenix run journal. */
export function readRecordedRun(path: string): RecordedRun | undefined {
  const start = parseStart(path);
  if (!start) return undefined;
  return { ...start, ending: endingOf(readFileSync(path, 'utf8')) };
}

/** Every journal in `dir`, newest first (by run_start time, then by name). */
export function recordedRuns(dir: string): Omit<RecordedRun, 'ending'>[] {
  let names: string[];
  try { names = readdirSync(dir).filter((n) => n.endsWith('.jsonl')); } catch { return []; }
  const runs = names.map((n) => parseStart(join(dir, n))).filter((r): r is Omit<RecordedRun, 'ending'> => r !== undefined);
  return runs.sort((a, b) => (b.ts === a.ts ? b.path.localeCompare(a.path) : b.ts.localeCompare(a.ts)));
}

export const couldMutate = (r: Pick<RecordedRun, 'check' | 'dryRun'>): boolean => !r.check && !r.dryRun;

/** The newest run that could mutate and did not finish (and that no later run resumed to the end); undefined when there is none. */
export function lastResumable(dir: string): RecordedRun | undefined {
  const settled = new Set<string>();
  for (const r of recordedRuns(dir)) {
    if (!couldMutate(r)) continue;
    const ending = endingOf(readFileSync(r.path, 'utf8'));
    if (ending === 'done') { if (r.resumedFrom) settled.add(r.resumedFrom); continue; }
    if (settled.has(r.runId)) { if (r.resumedFrom) settled.add(r.resumedFrom); continue; }
    return { ...r, ending };
  }
  return undefined;
}
