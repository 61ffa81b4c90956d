// Machine output: NDJSON events (`--json`), described by config/schemas/events.schema.json. The same events go to
// the run journal.
import type { Plan } from '../compile/plan.js';
import type { ErrorKind } from '../errors.js';
import type { FieldDiff } from '../tasks/types.js';

/** A command in --check output: what would be sent (stdin described, never its content). */
export interface PlannedCommand { argv: string[]; on?: string; stdin?: string[] }

export type RunEvent =
  | { event: 'run_start'; ts: string; run_id: string; verb: string; targets: string[]; check: boolean; dry_run?: boolean; resumed_from?: string }
  | { event: 'plan'; ts: string; steps: { id: string; node: string; guest?: string; task: string; after: string[] }[]; notes: string[] }
  | { event: 'task_start'; ts: string; step: string; node: string; guest?: string; task: string }
  | { event: 'task_end'; ts: string; step: string; node: string; guest?: string; task: string; status: string; duration_ms: number; change?: string; detail?: string; diff?: FieldDiff[]; root_cause?: string; commands?: PlannedCommand[]; pending?: string[] }
  | { event: 'command'; ts: string; node: string; argv: string[]; code: number; duration_ms: number; stderr?: string; warnings?: string[] }
  /** A usage or configuration error (one per problem; `file` and JSON `path` when the problem names them), or any error that ended the command. */
  | { event: 'error'; ts: string; kind: ErrorKind | 'internal'; message: string; file?: string; path?: string }
  | { event: 'run_end'; ts: string; exit_code: number; duration_ms: number; state_read_ms: number; counts: Record<string, number>; commands_sent: number; state_reads: Record<string, number>; unreachable: string[]; slowest: { step: string; ms: number }[]; interrupted?: boolean; stop_reason?: string; dry_run?: boolean };

export type Emit = (e: RunEvent) => void;

let lastMs = -1;
let lastIso = '';
/** The time as an ISO string; the same millisecond gives the same string (thousands of events share one). */
export const now = (): string => {
  const ms = Date.now();
  if (ms !== lastMs) { lastMs = ms; lastIso = new Date(ms).toISOString(); }
  return lastIso;
};

export function planEvent(plan: Plan): RunEvent {
  return { event: 'plan', ts: now(), steps: plan.steps.map((s) => ({ id: s.id, node: s.node, ...(s.guest ? { guest: s.guest } : {}), task: s.task, after: s.after })), notes: plan.notes ?? [] };
}

export function ndjsonWriter(stream: NodeJS.WritableStream): Emit {
  return (e) => { stream.write(`${JSON.stringify(e)}\n`); };
}
