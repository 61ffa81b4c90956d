// The directory a VM's guest commands run in: its boot disk's volume (a fallback dir without one).
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { bootDisk } from '../state/vmstatus.js';
import { volPath } from '../state/volumes.js';

export function vmRoot(env: SimEnv, vmid: string, keys: Record<string, string>): string {
  const disk = bootDisk(keys);
  const vol = disk ? (keys[disk] ?? '').split(',')[0] : undefined;
  if (vol && vol.includes(':') && !vol.startsWith('/')) return volPath(env, vol);
  return join(env.stateDir, 'vmroot', vmid);
}
