// Disk size: grow only. A disk larger than configured is left alone, and the plan says so (PVE cannot shrink).
import { guestOf } from './facts.js';
import type { GuestKind } from './guest-exec.js';
import { parseProps, sizeMiB } from './props.js';
import { int, obj, str, vmidSchema } from './schema.js';
import { act, cmd, noop, update, type TaskDef } from './types.js';

export interface DiskParams { vmid: string; disk: string; sizeGb: number }

export function diskTask<K extends GuestKind>(k: K): TaskDef<DiskParams, `${K}.disk`> {
  const label = k === 'lxc' ? 'CT' : 'VM';
  const tool = k === 'lxc' ? 'pct' : 'qm';
  return {
    name: `${k}.disk`,
    // a positional argument of `pct resize` / `qm resize`: a config key (rootfs, mp0, scsi0, virtio1 …), never an option
    schema: obj({ vmid: vmidSchema, disk: str({ pattern: '^[a-z][a-z0-9]*$' }), sizeGb: int({ minimum: 1 }) }),
    mutates: true,
    reconfigure: true,
    owned: true,
    reread: 'guest',
    guests: (p) => [p.vmid],
    title: (p) => `${label} ${p.vmid}: ${p.disk} at least ${p.sizeGb}G`,
    plan(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      const spec = g.config[p.disk];
      if (!spec) throw new Error(`${label} ${p.vmid} has no ${p.disk}`);
      const size = parseProps(spec, 'volume').size;
      const have = sizeMiB(size);
      const want = p.sizeGb * 1024;
      if (have === want) return noop(`${size}`);
      if (have !== undefined && have > want) return noop(`${p.disk} is ${size}, larger than the configured ${p.sizeGb}G: disks are never shrunk`);
      const change = have === undefined
        ? update(`${p.disk} size unknown -> ${p.sizeGb}G`)
        : update(`${p.disk} ${size} -> ${p.sizeGb}G`, [{ field: p.disk, from: size ?? null, to: `${p.sizeGb}G` }]);
      // an equal size is refused before the worker forks (pve-container src/PVE/API2/LXC.pm `resize_vm`:
      // "disk is already at specified size"); the worker's own errors exit 0, so the re-read confirms the size
      return act(change, cmd([tool, 'resize', p.vmid, p.disk, `${p.sizeGb}G`], { okIf: 'disk is already at specified size', what: `resize of ${p.disk} of ${label} ${p.vmid}` }));
    },
  };
}
