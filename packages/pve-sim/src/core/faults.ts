// Fault rules (PVE_SIM_FAULTS, see the package README): fail the Nth matching call (with a given text, a worker
// error, or a cfs-lock timeout), or hold a `lock:` line in a guest's config for a while. Counters live in the
// state dir, under the lock.
import type { SimEnv } from './env.js';
import { readJson, readText, writeJson } from './fsx.js';
import { withLock } from './lock.js';
import { SimError } from './errors.js';
import { faultStateFile, lockPath } from '../state/paths.js';
import { findGuest, loadConf, saveConf } from '../state/guests.js';
import type { FailureKind } from './worker-exit.js';
import { getStorage, isShared } from '../state/storage-cfg.js';

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
  /**
   * The command's worker fails with this text: stderr gets it (newlines joined with spaces, as `$tee_worker`
   * prints `TASK ERROR`), the exit code is the one the CLI gives for a failed task (core/worker-exit.ts: 0 for
   * `pct resize`/`template`, `qm resize`/`disk resize`/`template`, else 255) unless `code` is given.
   */
  workerError?: string;
  /**
   * A cfs lock (`storage-local-lvm`, `file-...`) times out: PVE/Cluster.pm `$cfs_lock` prints
   * `trying to acquire cfs lock '<id>' ...` once a second, then dies `cfs-lock '<id>' error: got lock request timeout`.
   */
  cfsLock?: string;
  /**
   * The storage lock of `<storeid>` times out, as PVE/Storage/Plugin.pm cluster_lock_storage takes it: a cfs lock
   * `storage-<id>` for a shared storage (see `cfsLock`), else a local flock (PVE/Tools.pm lock_file_full:
   * `trying to acquire lock...`, then `can't lock file '/var/lock/pve-manager/pve-storage-<id>' - got timeout`).
   */
  storageLock?: string;
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

const line = (t: string): string => (t && !t.endsWith('\n') ? `${t}\n` : t);

/** What a firing rule prints and returns. */
export function failure(rule: FaultRule, kind: FailureKind, env?: SimEnv): FaultResult {
  const failureCode = (): number => (kind === 'worker-exit-0' ? 0 : 255);
  let stdout = rule.stdout ?? '';
  let stderr = line(rule.stderr ?? '');
  let code = rule.code ?? 255;
  if (rule.storageLock !== undefined) {
    const s = env ? getStorage(env, rule.storageLock) : undefined;
    if (s && isShared(s)) {
      const { storageLock, ...rest } = rule;
      return failure({ ...rest, cfsLock: `storage-${storageLock}` }, kind, env);
    }
    const trying = 'trying to acquire lock...';
    if (kind === 'direct') stderr += trying; else stdout += trying;
    stderr += `can't lock file '/var/lock/pve-manager/pve-storage-${rule.storageLock}' - got timeout\n`;
    code = rule.code ?? failureCode();
  }
  if (rule.cfsLock !== undefined) {
    // $cfs_lock: 10 s timeout, a line per second slept (9 of them), on the worker's output (CLI stdout) or stderr
    const trying = `trying to acquire cfs lock '${rule.cfsLock}' ...\n`.repeat(9);
    if (kind === 'direct') stderr += trying; else stdout += trying;
    stderr += `cfs-lock '${rule.cfsLock}' error: got lock request timeout\n`;
    code = rule.code ?? failureCode();
  }
  if (rule.workerError !== undefined) {
    stderr += line(rule.workerError.replace(/\n+$/, '').split('\n').join(' '));
    code = rule.code ?? failureCode();
  }
  return { code, stdout, stderr };
}

/** Apply the rules to one call; returns the injected result when a rule fires. */
export async function applyFaults(env: SimEnv, argv: readonly string[]): Promise<FaultResult | undefined> {
  if (!env.faultsFile) return undefined;
  const rules = readRules(env.faultsFile);
  if (!rules.length) return undefined;
  const { failureKind } = await import('./worker-exit.js');
  const kind = failureKind(argv);
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
      if (!fired && n >= nth && n < nth + (rule.times ?? 1)) fired = failure(rule, kind, env);
    });
    writeJson(faultStateFile(env), st);
    return fired;
  });
}
