// What an exec's options do to the argv sent to the node (env, timeout) and how a signal reads as
// an exit code. Pure functions.
import { constants } from 'node:os';

/** Exit code when timeoutMs expires: coreutils `timeout` on the node gives 124 (137 if KILL was needed). */
export const TIMEOUT_EXIT_CODE = 124;
/** TERM at the timeout, KILL this long after; the client gives up on the channel after the same grace. */
const KILL_AFTER_S = 5;
export const TIMEOUT_GRACE_MS = (KILL_AFTER_S + 5) * 1000;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** argv with `env K=V …` in front when env is given (sshd's AcceptEnv would drop most names). */
export function withEnv(argv: readonly string[], env: Record<string, string> | undefined): string[] {
  const entries = Object.entries(env ?? {});
  if (entries.length === 0) return [...argv];
  for (const [name] of entries) {
    if (!ENV_NAME.test(name)) throw new TypeError(`invalid environment variable name: ${JSON.stringify(name)}`);
  }
  return ['env', ...entries.map(([k, v]) => `${k}=${v}`), ...argv];
}

/**
 * argv run under coreutils `timeout` (TERM, then KILL after KILL_AFTER_S): the node itself stops the
 * command and its process group. OpenSSH ignores `signal` requests for root sessions ("session
 * signalling requires privilege separation"), so killing from the client side cannot be relied on.
 */
export function withTimeout(argv: readonly string[], timeoutMs: number | undefined): string[] {
  if (timeoutMs === undefined) return [...argv];
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`exec: bad timeoutMs ${timeoutMs}`);
  return ['timeout', '-k', `${KILL_AFTER_S}s`, `${(timeoutMs / 1000).toFixed(3)}s`, ...argv];
}

export function signalExitCode(signal: string): number {
  const name = (signal.startsWith('SIG') ? signal : `SIG${signal}`) as keyof typeof constants.signals;
  const number = constants.signals[name];
  return typeof number === 'number' ? 128 + number : 255;
}
