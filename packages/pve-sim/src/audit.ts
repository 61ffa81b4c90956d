// The audit log: one JSON line per simulator call in `$PVE_SIM_DIR/audit.jsonl`.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from './core/fsx.js';

export interface AuditEntry {
  /** ISO time the call started. */
  ts: string;
  node: string;
  tool: string;
  /** Full argv including the tool name: ["pct","set","950","--memory","2048"]. */
  argv: string[];
  code: number;
  mutating: boolean;
  ms: number;
  /** Set when a fault rule produced the result. */
  fault?: true;
  /** Time this call held the cluster lock (ms, fractional; 0 when it never took it). */
  lockMs?: number;
  /** Time this call waited for the cluster lock (ms). */
  lockWaitMs?: number;
}

export function auditPath(stateDir: string): string {
  return join(stateDir, 'audit.jsonl');
}

/** Append one entry (a single O_APPEND write, so parallel callers do not interleave lines). */
export function appendAudit(stateDir: string, entry: AuditEntry): void {
  mkdirSync(stateDir, { recursive: true });
  appendFileSync(auditPath(stateDir), `${JSON.stringify(entry)}\n`);
}

/** Every entry of a state directory's audit log, oldest first ([] when there is none). */
export function readAudit(stateDir: string): AuditEntry[] {
  const text = readText(auditPath(stateDir)) ?? '';
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditEntry);
}
