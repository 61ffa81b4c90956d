// What an abort (RunOptions.signal: the operator insisted, or the grace period ended) does to the command that runs:
// the connection ends the command itself (ExecOptions.signal), and its `interrupt`, when it has one, is sent on the
// same node to end what the command started where ending the command cannot (a script's process group in a guest,
// src/tasks/bounded-exec.ts). The interrupt is journalled like any command and passes the beforeSend gate.
import type { Command } from '../tasks/types.js';
import type { Connection, ExecResult } from './connection.js';
import { mask } from './secrets.js';
import type { CommandRecord } from './send-command.js';
import { displayText } from './warning-lines.js';

export interface AbortEnv {
  signal?: AbortSignal;
  beforeSend?: () => void;
  onCommand?: (r: CommandRecord) => void;
}

/**
 * How long an aborted command (and its interrupt) may take to answer before the runner stops waiting: within the
 * CLI's hard deadline after an abort (src/cli/interrupts.ts, 10 s), so the step is still recorded interrupted.
 */
export const ABORT_WAIT_MS = 8_000;

/** `ms`, or less when `signal` aborts first. */
export function sleepOrAbort(ms: number, signal: AbortSignal | undefined, sleep: (ms: number) => Promise<void>): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => { signal.removeEventListener('abort', done); resolve(); };
    signal.addEventListener('abort', done, { once: true });
    void sleep(ms).then(done);
  });
}

/**
 * Send `c.interrupt` on `conn`; resolves with what to add to the step's message ('' when it ended the work).
 * `judge` reads an agent's answer (send-command.ts judgeAgent).
 */
export async function sendInterrupt(conn: Connection, c: Command, env: AbortEnv, judge: (r: ExecResult) => ExecResult): Promise<string> {
  const i = c.interrupt;
  if (!i) return '';
  try { env.beforeSend?.(); } catch (e) { return `; not ended in the guest: ${(e as Error).message}`; }
  const t0 = Date.now();
  try {
    const raw = await conn.exec(i.argv, i.timeoutMs !== undefined ? { timeoutMs: i.timeoutMs } : {});
    env.onCommand?.({ node: conn.node, argv: i.argv, code: raw.code, ms: Date.now() - t0, stderr: raw.stderr });
    const r = i.judge === 'agent' ? judge(raw) : raw;
    return r.code === 0 ? '' : `; ${i.what ?? 'ending it'} failed (exit ${r.code}): ${displayText(mask((r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''))}`;
  } catch (e) {
    return `; ${i.what ?? 'ending it'} failed: ${(e as Error).message}`;
  }
}

/** `p`'s value; once `signal` aborts, `undefined` when `p` has not settled `ms` later (the runner stops waiting). */
export function settledOrGiveUp<T>(p: Promise<T>, signal: AbortSignal, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const start = (): void => { timer = setTimeout(() => resolve(undefined), ms); };
    if (signal.aborted) start();
    else signal.addEventListener('abort', start, { once: true });
    const end = (): void => { signal.removeEventListener('abort', start); if (timer) clearTimeout(timer); };
    p.then((v) => { end(); resolve(v); }, (e: unknown) => { end(); reject(e instanceof Error ? e : new Error(String(e))); });
  });
}
