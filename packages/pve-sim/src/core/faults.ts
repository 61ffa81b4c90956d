// Fault rules (PVE_SIM_FAULTS, see the package README): fail the Nth matching call, or hold a
// `lock:` line in a guest's config for a while. Counters live in the state dir, under the lock.
import type { SimEnv } from './env.js';
import { readJson, readText, writeJson } from './fsx.js';
import { withLock } from './lock.js';
import { SimError } from './errors.js';
import { faultStateFile, lockPath } from '../state/paths.js';
import { findGuest, loadConf, saveConf } from '../state/guests.js';

export interface FaultRule {
  match?: string[];
  nth?: number;
  times?: number;
  code?: number;
  stderr?: string;
  stdout?: string;
  lockGuest?: string;
  lock?: string;
  forMs?: number;
}

interface FaultState {
  counts: Record<string, number>;
  locks: Record<string, { until: number; released: boolean }>;
}

export interface FaultResult { code: number; stdout: string; stderr: string }

export function readRules(path: string): FaultRule[] {
  const text = readText(path);
  if (text === undefined) return [];
  let rules: unknown;
  try {
    rules = JSON.parse(text);
  } catch (e) {
    throw new SimError(`PVE_SIM_FAULTS: ${path}: ${(e as Error).message}`, 255);
  }
  if (!Array.isArray(rules)) throw new SimError(`PVE_SIM_FAULTS: ${path}: expected a JSON array of rules`, 255);
  return rules as FaultRule[];
}

export function matches(rule: FaultRule, argv: readonly string[]): boolean {
  const m = rule.match;
  if (!m || m.length > argv.length) return false;
  return m.every((x, i) => x === '*' || x === argv[i]);
}

function holdGuestLock(env: SimEnv, rule: FaultRule, key: string, st: FaultState): void {
  const vmid = String(rule.lockGuest);
  const held = st.locks[key];
  const ref = findGuest(env, vmid);
  if (!ref) return;
  const conf = loadConf(env, ref.type, vmid, ref.node);
  if (!conf) return;
  const lock = rule.lock ?? 'backup';
  if (!held) {
    conf.main.keys['lock'] = lock;
    saveConf(env, ref.type, vmid, conf, ref.node);
    st.locks[key] = { until: Date.now() + (rule.forMs ?? 1000), released: false };
  } else if (!held.released && Date.now() >= held.until) {
    if (conf.main.keys['lock'] === lock) {
      delete conf.main.keys['lock'];
      saveConf(env, ref.type, vmid, conf, ref.node);
    }
    held.released = true;
  }
}

/** Apply the rules to one call; returns the injected result when a rule fires. */
export async function applyFaults(env: SimEnv, argv: readonly string[]): Promise<FaultResult | undefined> {
  if (!env.faultsFile) return undefined;
  const rules = readRules(env.faultsFile);
  if (!rules.length) return undefined;
  return withLock(lockPath(env), () => {
    const st = readJson<FaultState>(faultStateFile(env), { counts: {}, locks: {} });
    let fired: FaultResult | undefined;
    rules.forEach((rule, i) => {
      const key = `${i}:${JSON.stringify(rule)}`;
      if (rule.lockGuest !== undefined) holdGuestLock(env, rule, key, st);
      if (!matches(rule, argv)) return;
      const n = (st.counts[key] ?? 0) + 1;
      st.counts[key] = n;
      const nth = rule.nth ?? 1;
      if (!fired && n >= nth && n < nth + (rule.times ?? 1)) {
        const text = rule.stderr ?? '';
        fired = { code: rule.code ?? 255, stdout: rule.stdout ?? '', stderr: text && !text.endsWith('\n') ? `${text}\n` : text };
      }
    });
    writeJson(faultStateFile(env), st);
    return fired;
  });
}
