// The node's daemons, run lazily: at the start of every simulator call (before it looks at or changes any
// state) the simulator catches up with what pvestatd and the HA manager would have done since the last call.
// Each does nothing unless switched on (PVE_SIM_RRD_LAG_S, a queued HA request): the check is a file test, and
// their modules are loaded only when there is work.
import { existsSync } from 'node:fs';
import type { SimEnv } from './env.js';
import { simNow } from './env.js';
import { withLock } from './lock.js';
import { haQueuePath, lockPath, vmlistPath } from '../state/paths.js';

/** pvestatd (state/rrd.ts): a snapshot per tick of PVE_SIM_RRD_LAG_S seconds. */
async function pvestatd(env: SimEnv): Promise<void> {
  if (env.rrdLagS <= 0) return;
  const rrd = await import('../state/rrd.js');
  if (!rrd.snapshotDue(env)) return;
  await withLock(lockPath(env), () => {
    if (!rrd.snapshotDue(env)) return;
    rrd.takeSnapshot(env, rrd.currentTick(rrd.lastTick(env), simNow(env), env.rrdLagS));
  });
}

/**
 * The HA manager (state/ha.ts): carry out the requests that are due for guests of this node (each node's LRM
 * starts and stops its own guests). A start of a template, or of a guest already running, does nothing.
 */
async function haManager(env: SimEnv): Promise<void> {
  if (!existsSync(haQueuePath(env))) return;
  const ha = await import('../state/ha.js');
  if (!ha.haRequestDue(env)) return;
  const [{ startGuest }, { findGuest, loadConf }, { isRunning, setRunning }] = await Promise.all([
    import('../guest/start-guest.js'), import('../state/guests.js'), import('../state/status.js'),
  ]);
  await withLock(lockPath(env), () => {
    for (const req of ha.takeDueHaRequests(env)) {
      const ref = findGuest(env, req.vmid);
      if (!ref || ref.node !== env.node) continue; // gone, or migrated away meanwhile
      const conf = loadConf(env, ref.type, req.vmid);
      if (!conf) continue;
      const running = isRunning(env, req.vmid);
      if (req.action === 'start' && !running && conf.main.keys['template'] !== '1') startGuest(env, ref.type, req.vmid, conf);
      if (req.action === 'stop' && running) setRunning(env, req.vmid, false);
    }
  });
}

/** pmxcfs always serves `.vmlist` (state/vmlist.ts); a state dir that has none gets it now. */
async function vmlist(env: SimEnv): Promise<void> {
  if (existsSync(vmlistPath(env))) return;
  const { ensureVmlist } = await import('../state/vmlist.js');
  await withLock(lockPath(env), () => ensureVmlist(env));
}

export async function runDaemons(env: SimEnv): Promise<void> {
  await vmlist(env);
  await pvestatd(env);
  await haManager(env);
}
