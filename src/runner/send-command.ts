// Send one planned Command: stdin assembled from its parts (scripts checked against their planned sha256,
// secrets resolved and masked), transient errors retried with backoff, probes retried as the task asked, the
// result judged by exit code (or by the exit code inside `qm guest exec`'s JSON); the warnings a success printed
// (warning-lines.ts) shown as `warning: <line>` and handed back.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { CommandFailed, Interrupted } from '../errors.js';
import { BOUNDED_FINAL } from '../tasks/bounded-exec.js';
import type { Command, StdinPart } from '../tasks/types.js';
import { ABORT_WAIT_MS, sendInterrupt, settledOrGiveUp, sleepOrAbort } from './abort-command.js';
import { backoffMs, classify, DEFAULT_BACKOFF, type Backoff } from './classify.js';
import type { Connection, ExecRecord, ExecResult } from './connection.js';
import { displayArgv } from './quote.js';
import { mask, resolveSecret } from './secrets.js';
import { displayText, meaningfulLines, warningsOf } from './warning-lines.js';

export interface CommandRecord extends ExecRecord {
  /** A successful command's warnings (warning-lines.ts), escaped and masked: what `warning:` lines showed. */
  warnings?: string[];
}

/** What a command that succeeded printed: stdout (what the caller reads), stderr, and the warnings in them. */
export interface Sent { stdout: string; stderr: string; warnings: string[] }

export interface SendEnv {
  backoff?: Backoff;
  sleep?: (ms: number) => Promise<void>;
  onCommand?: (r: CommandRecord) => void;
  onLog?: (line: string) => void;
  /** Where plan script paths (`features/x.sh`) resolve from. */
  scriptsDir?: string;
  /** Where relative secret files resolve from (the config file's directory). */
  baseDir?: string;
  /** Aborted: nothing more is sent; a running command is ended (and its `interrupt` sent); the step is interrupted. */
  signal?: AbortSignal;
  /** Called immediately before every command is sent; a throw refuses sending (the journal gate, RunOptions). */
  beforeSend?: () => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function readScript(path: string, sha256: string, scriptsDir: string | undefined): Promise<string> {
  const text = await readFile(isAbsolute(path) ? path : join(scriptsDir ?? process.cwd(), path), 'utf8');
  const got = createHash('sha256').update(text).digest('hex');
  if (got !== sha256) throw new Error(`${path} changed since the plan was compiled (sha256 ${got.slice(0, 8)}, planned ${sha256.slice(0, 8)}): recompile`);
  return text;
}

export async function stdinOf(parts: readonly StdinPart[] | undefined, env: SendEnv): Promise<string | undefined> {
  if (!parts) return undefined;
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p === 'string') out.push(p);
    else if ('file' in p) out.push(await readScript(p.file, p.sha256, env.scriptsDir));
    else out.push(resolveSecret(p.secret, env.baseDir ?? process.cwd()));
  }
  return out.join('');
}

interface AgentExec { exitcode?: number; exited?: number | boolean; 'out-data'?: string; 'err-data'?: string }

/** `qm guest exec` prints JSON; the guest command's exit code is inside it. */
export function judgeAgent(r: ExecResult): ExecResult {
  if (r.code !== 0) return r;
  let j: AgentExec;
  try { j = JSON.parse(r.stdout) as AgentExec; } catch { return { code: 1, stdout: r.stdout, stderr: `unexpected qm guest exec output: ${r.stdout.slice(0, 200)}` }; }
  if (!j.exited) return { code: 124, stdout: j['out-data'] ?? '', stderr: 'the command was still running when qm guest exec stopped waiting' };
  return { code: j.exitcode ?? 1, stdout: j['out-data'] ?? '', stderr: j['err-data'] ?? '' };
}

// retry lines quote what the node printed: escaped, so that it cannot start a line of its own
const firstLine = (r: ExecResult): string => displayText(mask((r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ')));

/** Send `c` on `conn`; resolves with its stdout, throws CommandFailed when it (finally) fails. */
export async function sendCommand(conn: Connection, c: Command, env: SendEnv): Promise<string> {
  return (await sendCommandFull(conn, c, env)).stdout;
}

/**
 * Send `c` on `conn`; resolves with what it printed, throws CommandFailed when it (finally) fails. The warnings of
 * a success (warning-lines.ts) go to `env.onLog` as `warning: <line>`, one line each, and into the result.
 */
export async function sendCommandFull(conn: Connection, c: Command, env: SendEnv): Promise<Sent> {
  const stdin = await stdinOf(c.stdin, env);
  const opts = { ...(stdin !== undefined ? { stdin } : {}), ...(c.timeoutMs !== undefined ? { timeoutMs: c.timeoutMs } : {}) };
  const backoff = env.backoff ?? DEFAULT_BACKOFF;
  const sleep = env.sleep ?? realSleep;
  const okIf = c.okIf !== undefined ? new RegExp(c.okIf) : undefined;
  const deadline = c.retry && 'forS' in c.retry ? Date.now() + c.retry.forS * 1000 : undefined;
  if (c.log) env.onLog?.(c.log);
  let transient = 0;
  const signal = env.signal;
  const named = (): string => c.what ?? `\`${displayArgv(c.argv)}\``;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new Interrupted(conn.node, `${named()}: not sent`);
    env.beforeSend?.();
    const t0 = Date.now();
    // an abort while it runs ends it (the connection) and what it started in a guest (its interrupt)
    let ending: Promise<string> | undefined;
    let abortedAt = Date.now();
    const onAbort = (): void => { abortedAt = Date.now(); ending = sendInterrupt(conn, c, env, judgeAgent); };
    signal?.addEventListener('abort', onAbort, { once: true });
    const running = conn.exec(c.argv, { ...opts, ...(signal ? { signal } : {}) });
    let answered: ExecResult | undefined;
    try {
      answered = signal ? await settledOrGiveUp(running, signal, ABORT_WAIT_MS) : await running;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const ms = Date.now() - t0;
    const judged = answered && c.judge === 'agent' ? judgeAgent(answered) : answered;
    if (signal?.aborted && (judged === undefined || judged.code !== 0)) {
      const left = Math.max(0, ABORT_WAIT_MS - (Date.now() - abortedAt));
      const note = ending ? (await settledOrGiveUp(ending, signal, left)) ?? '; ending it in the guest did not answer in time' : '';
      if (answered !== undefined) env.onCommand?.({ node: conn.node, argv: c.argv, code: answered.code, ms, stderr: answered.stderr });
      throw new Interrupted(conn.node, `${named()} was ended${c.interrupt ? ' with its processes in the guest' : ''}${answered === undefined ? ` (it did not answer within ${ABORT_WAIT_MS / 1000}s)` : ''}${note}`);
    }
    const raw = answered!;
    const r = judged!;
    // judged by qm guest exec's JSON, stdout is the guest's: only qm's own stderr can carry Proxmox's warnings
    const warnings = r.code === 0 ? warningsOf(c.argv, c.judge === 'agent' ? { stdout: '', stderr: raw.stderr } : raw).map(mask) : [];
    env.onCommand?.({ node: conn.node, argv: c.argv, code: raw.code, ms, stderr: raw.stderr, ...(warnings.length ? { warnings } : {}) });
    if (r.code === 0) {
      for (const w of warnings) env.onLog?.(`warning: ${w}`);
      return { stdout: r.stdout, stderr: r.stderr, warnings };
    }
    const text = `${r.stderr}\n${r.stdout}`;
    if (okIf?.test(text)) return { stdout: r.stdout, stderr: r.stderr, warnings: [] };
    // the wrapper's own verdicts (timed out, interrupted, another copy runs) are final: never tried again
    const final = c.interrupt !== undefined && BOUNDED_FINAL.test(r.stderr);
    if (!final && classify(text) === 'transient' && ++transient < backoff.attempts) {
      const wait = backoffMs(transient, backoff);
      // the error is the last line: a worker's wait lines come first (`trying to acquire cfs lock ...`)
      env.onLog?.(`${c.argv.slice(0, 2).join(' ')}: ${displayText(mask(meaningfulLines(r.stderr || r.stdout).at(-1) ?? `exit ${r.code}`))} - retry ${transient}/${backoff.attempts - 1} in ${wait} ms`);
      await sleepOrAbort(wait, signal, sleep);
      continue;
    }
    const again = c.retry && ('attempts' in c.retry ? attempt < c.retry.attempts : Date.now() + c.retry.intervalMs < deadline!);
    if (c.retry && again && !final) {
      const of = 'attempts' in c.retry ? `${attempt}/${c.retry.attempts - 1}` : `until ${c.retry.forS}s`;
      env.onLog?.(`${c.what ?? c.argv.slice(0, 2).join(' ')}: exit ${r.code}${firstLine(r) ? `: ${firstLine(r)}` : ''}; retry ${of} in ${c.retry.intervalMs} ms`);
      await sleepOrAbort(c.retry.intervalMs, signal, sleep);
      continue;
    }
    throw new CommandFailed(conn.node, c.argv, r.code, r.stderr || r.stdout, displayArgv(c.argv), c.what);
  }
}
