// Running Phoenix the way a user does (bin/phoenix) and timing child processes: wall time around the whole
// process; peak RSS (`%M`, the child's ru_maxrss) and CPU time (`%U %S`) from GNU time when it is installed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test/helpers/fixtures.js';

export const ROOT = repoRoot();
/** The installed entry point (`bin/phoenix`, which Node runs, importing the bundled CLI, dist/bundle/cli/main.js). */
export const PHOENIX = join(ROOT, 'bin', 'phoenix');
const GNU_TIME = '/usr/bin/time';
export const haveGnuTime = existsSync(GNU_TIME);

/**
 * `cmd args` under GNU time writing `format` to a file of its own (none when GNU time is absent): the argv to run,
 * then what it wrote (its last line: a failing command's status line comes first), once, removing the file.
 */
function underGnuTime(format: string, cmd: string, args: readonly string[]): { argv: string[]; read(): string | undefined } {
  if (!haveGnuTime) return { argv: [cmd, ...args], read: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-bench-time-'));
  return {
    argv: [GNU_TIME, '-f', format, '-o', join(dir, 'out'), cmd, ...args],
    read() {
      let text: string | undefined;
      try { text = readFileSync(join(dir, 'out'), 'utf8').trim().split('\n').pop(); } catch { /* killed before GNU time wrote it */ }
      rmSync(dir, { recursive: true, force: true });
      return text;
    },
  };
}

export interface Timed { ms: number; exit: number; stdout: string; stderr: string; timedOut: boolean; rssMb?: number }

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface TimeOpts {
  env?: NodeJS.ProcessEnv;
  /** Measure peak RSS too (GNU time around the child). */
  rss?: boolean;
  /** SIGKILL the child after this long. */
  timeoutMs?: number;
  /** sample(): one untimed run first (default true). */
  warmup?: boolean;
}

/**
 * Run `cmd args` to completion once; wall time in ms (and peak RSS in MB with `rss`, when GNU time exists). The child
 * leads a process group of its own, so a timeout kills GNU time and the process it measures together.
 */
export async function timeOnce(cmd: string, args: readonly string[], o: TimeOpts = {}): Promise<Timed> {
  const timed = o.rss === true ? underGnuTime('%M', cmd, args) : undefined;
  const argv = timed?.argv ?? [cmd, ...args];
  const t0 = process.hrtime.bigint();
  const child = spawn(argv[0]!, argv.slice(1), { env: o.env ?? { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
  let timedOut = false;
  const timer = o.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* already gone */ }
  }, o.timeoutMs);
  const exit = await new Promise<number>((r) => child.on('close', (c, sig) => r(c ?? (sig ? 128 : 1))));
  if (timer) clearTimeout(timer);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssMb: number | undefined;
  const kb = Number(timed?.read());
  if (!timedOut && Number.isFinite(kb) && kb > 0) rssMb = kb / 1024;
  return { ms, exit, stdout, stderr, timedOut, ...(rssMb !== undefined ? { rssMb } : {}) };
}

export interface Sampled { runs: Timed[]; ms: number; rssMb?: number; exit: number; timedOut: boolean }

/** One untimed warm-up run (page cache), then `n` (≥ 1) timed runs: the median wall time, the median RSS, the worst exit. */
export async function sample(n: number, cmd: string, args: readonly string[], o: TimeOpts = {}): Promise<Sampled> {
  if (o.warmup !== false) await timeOnce(cmd, args, { ...o, rss: false });
  const runs: Timed[] = [];
  for (let i = 0; i < n; i++) runs.push(await timeOnce(cmd, args, o));
  const rss = runs.flatMap((r) => (r.rssMb !== undefined ? [r.rssMb] : []));
  return {
    runs, ms: median(runs.map((r) => r.ms)), exit: Math.max(...runs.map((r) => r.exit)), timedOut: runs.some((r) => r.timedOut),
    ...(rss.length ? { rssMb: median(rss) } : {}),
  };
}

export interface CliRun {
  wallMs: number; exit: number; events: Record<string, unknown>[]; stderr: string; journal?: string;
  /** User + system CPU seconds of the Phoenix process (GNU time), when installed. */
  cpuS?: number;
}

/** `phoenix <args> --json` as a child process (asynchronous: the bench's sshd servers keep running meanwhile). */
export async function runPhoenix(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const { argv, read } = underGnuTime('%U %S', PHOENIX, [...args, '--json']);
  const t0 = process.hrtime.bigint();
  const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  const exit = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const events = out.trim().split('\n').flatMap((l) => { try { return [JSON.parse(l) as Record<string, unknown>]; } catch { return []; } });
  const journal = /^Journal: (.+)$/m.exec(err)?.[1];
  const cpuS = read()?.split(' ').map(Number).reduce((a, b) => a + b, 0);
  return { wallMs, exit, events, stderr: err, ...(journal ? { journal } : {}), ...(cpuS !== undefined && Number.isFinite(cpuS) ? { cpuS } : {}) };
}

export const runEnd = (r: CliRun): Record<string, unknown> | undefined => r.events.find((e) => e.event === 'run_end');
export const counts = (r: CliRun): Record<string, number> => (runEnd(r)?.counts as Record<string, number> | undefined) ?? {};

/** `exit 1: <the failing run's first error line>` for a table cell. */
export function exitReason(s: Sampled): string {
  const bad = s.runs.find((r) => r.exit !== 0);
  const line = (bad?.stderr ?? '').split('\n').map((l) => l.trim()).find((l) => /error|Error|ERR/.test(l)) ?? bad?.stderr.trim().split('\n')[0] ?? '';
  return `exit ${s.exit}${line ? `: ${line.slice(0, 100)}` : ''}`;
}

/** The lines of a failed run worth showing. */
export const failureLines = (r: { stderr: string }): string =>
  r.stderr.split('\n').filter((l) => /FAILED|UNREACHABLE|Error|error/.test(l)).slice(0, 5).join('\n');
