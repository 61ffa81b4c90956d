// The run journal, `.phoenix/runs/<id>.jsonl`: every event and every command sent (node, argv, exit code,
// duration) — what an operator reads after a bad night. Written line by line, so a crash keeps what happened.
import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Emit } from './events.js';

export function newRunId(d = new Date()): string {
  return `${d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${process.pid}`;
}

export function journal(dir: string, runId: string): { path: string; emit: Emit } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${runId}.jsonl`);
  return { path, emit: (e) => appendFileSync(path, `${JSON.stringify(e)}\n`) };
}

/** The newest journal in `dir` (run ids sort by time). */
export function lastJournal(dir: string): string | undefined {
  let names: string[];
  try { names = readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort(); } catch { return undefined; }
  const n = names[names.length - 1];
  return n ? join(dir, n) : undefined;
}
