// Error classes of Proxmox commands (DESIGN §6): transient -> retry, already-done -> re-check, else permanent.
export type ErrorClass = 'transient' | 'already-done' | 'permanent';

const TRANSIENT = [
  /got timeout/i,
  /can't lock file/i,
  /\bis locked \((?!backup)[a-z-]+\)/i,     // CT is locked (clone) / VM is locked (snapshot); a backup can take hours
  /^\s*5\d\d\b/m,                             // HTTP 5xx from pvesh / the API proxy
  /temporarily unavailable/i,
  /connection (?:reset|refused)/i,
];
const ALREADY = [/already exists/i, /already running/i, /\bnot running\b/i, /already used/i];

export function classify(stderr: string): ErrorClass {
  if (TRANSIENT.some((r) => r.test(stderr))) return 'transient';
  if (ALREADY.some((r) => r.test(stderr))) return 'already-done';
  return 'permanent';
}

export interface Backoff { attempts: number; baseMs: number; capMs: number }
export const DEFAULT_BACKOFF: Backoff = { attempts: 6, baseMs: 400, capMs: 8000 };

/** Exponential backoff with full jitter for attempt n (1-based). */
export function backoffMs(n: number, b: Backoff = DEFAULT_BACKOFF, rnd: () => number = Math.random): number {
  const ceil = Math.min(b.capMs, b.baseMs * 2 ** (n - 1));
  return Math.round(ceil / 2 + (rnd() * ceil) / 2);
}
