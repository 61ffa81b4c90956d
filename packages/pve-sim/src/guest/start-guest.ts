// What a start does besides marking the guest running, for `pct start`/`reboot`, `qm start`/`reboot` and the
// simulated HA manager: apply the pending section (PVE::LXC::vm_start; QemuServer.pm vm_start_nolock ->
// vmconfig_apply_pending) and, for a VM, regenerate its cloud-init drive (vm_start_nolock ->
// Cloudinit::apply_cloudinit_config, which drops `[special:cloudinit]`).
import type { SimEnv } from '../core/env.js';
import type { GuestConf } from '../conf/config-file.js';
import { saveConf } from '../state/guests.js';
import type { GuestType } from '../state/paths.js';
import { setRunning } from '../state/status.js';
import { normaliseLxc } from '../pct/values.js';
import { regenerateCloudinit } from '../qm/cloudinit.js';
import { applyPending } from './pending.js';

/** Start `vmid` on `node` (default this node); the caller holds the cluster lock and has done the checks. */
export function startGuest(env: SimEnv, type: GuestType, vmid: string, conf: GuestConf, node = env.node): void {
  const normalise = type === 'lxc' ? (k: string, v: string): string => normaliseLxc(env, vmid, k, v).value : undefined;
  let changed = applyPending(env, type, conf, normalise);
  if (type === 'qemu') {
    const hadRecord = conf.special?.['cloudinit'] !== undefined;
    if (regenerateCloudinit(env, vmid, conf) && hadRecord) changed = true;
  }
  if (changed) saveConf(env, type, vmid, conf, node);
  setRunning(env, vmid, true, node);
}
