// PVE::LXC::vmstatus / PVE::QemuServer::vmstatus: the numbers list, status and pvesh report.
import type { SimEnv } from '../core/env.js';
import { effectiveKeys, type GuestConf } from '../conf/config-file.js';
import { lxcRootfs, qemuDrive } from '../conf/formats.js';
import { readPropString } from '../conf/prop-string.js';
import { parseSize } from '../conf/size.js';
import type { GuestRef } from './guests.js';
import { readRun, type StatusState } from './status.js';

export type VmStatus = Record<string, string | number>;

const MiB = 1024 * 1024;

function sizeOf(v: string | undefined, fmt = lxcRootfs): number {
  if (!v) return 0;
  return parseSize(readPropString(fmt, v)['size'] ?? '') ?? 0;
}

export function bootDisk(keys: Record<string, string>): string | undefined {
  const order = /order=([^,]+)/.exec(keys['boot'] ?? '')?.[1]?.split(';') ?? [];
  const isDisk = (k: string): boolean => /^(scsi|virtio|sata|ide)\d+$/.test(k) && !!keys[k] && !/media=cdrom/.test(keys[k] ?? '');
  return order.find(isDisk) ?? Object.keys(keys).sort().find(isDisk);
}

/** `status`: the run states of all guests, when a caller listing many guests read them once. */
export function vmStatus(env: SimEnv, ref: GuestRef, conf: GuestConf, status?: StatusState): VmStatus {
  const keys = effectiveKeys(conf, true);
  const entry = status ? status.guests[ref.vmid] : readRun(env, ref.vmid);
  const run = entry && (entry.node ?? ref.node) === ref.node ? entry : undefined;
  const running = run?.status === 'running';
  const uptime = running && run ? Math.floor((Date.now() - run.since) / 1000) : 0;
  const out: VmStatus = { vmid: Number(ref.vmid), status: run?.status ?? 'stopped', uptime, cpu: 0, netin: 0, netout: 0, diskread: 0, diskwrite: 0, disk: 0 };
  if (ref.type === 'lxc') {
    out['type'] = 'lxc';
    out['name'] = keys['hostname'] ?? `CT${ref.vmid}`;
    out['maxmem'] = Number(keys['memory'] ?? 512) * MiB;
    out['maxswap'] = Number(keys['swap'] ?? 512) * MiB;
    out['maxdisk'] = sizeOf(keys['rootfs']);
    out['cpus'] = Number(keys['cores'] ?? 1);
    out['swap'] = 0;
  } else {
    out['name'] = keys['name'] ?? `VM ${ref.vmid}`;
    out['maxmem'] = Number(keys['memory'] ?? 512) * MiB;
    const disk = bootDisk(keys);
    out['maxdisk'] = disk ? sizeOf(keys[disk], qemuDrive) : 0;
    out['cpus'] = Number(keys['cores'] ?? 1) * Number(keys['sockets'] ?? 1);
  }
  out['mem'] = running ? Math.floor((out['maxmem'] as number) / 8) : 0;
  if (running) out['pid'] = 10000 + Number(ref.vmid);
  if (keys['template'] === '1') out['template'] = 1;
  if (keys['lock']) out['lock'] = keys['lock'];
  if (keys['tags']) out['tags'] = keys['tags'];
  return out;
}
