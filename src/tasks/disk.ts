// Disk size: grow only. A disk larger than configured is left alone, and the check says so (PVE cannot shrink).
import { guestOf } from './facts.js';
import { parseProps, sizeMiB } from './props.js';
import { none, update, type TaskDef } from './types.js';

export interface DiskParams { vmid: string; disk: string; sizeGb: number }

export function diskTask(kind: 'lxc' | 'vm'): TaskDef<DiskParams> {
  const label = kind === 'lxc' ? 'CT' : 'VM';
  const tool = kind === 'lxc' ? 'pct' : 'qm';
  return {
    name: `${kind}.disk`,
    mutates: true,
    title: (p) => `${label} ${p.vmid}: ${p.disk} at least ${p.sizeGb}G`,
    check(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      const spec = g.config[p.disk];
      if (!spec) throw new Error(`${label} ${p.vmid} has no ${p.disk}`);
      const size = parseProps(spec, 'volume').size;
      const have = sizeMiB(size);
      const want = p.sizeGb * 1024;
      if (have === undefined) return update(`${p.disk} size unknown -> ${p.sizeGb}G`);
      if (have === want) return none(`${size}`);
      if (have > want) return none(`${p.disk} is ${size}, larger than the configured ${p.sizeGb}G: disks are never shrunk`);
      return update(`${p.disk} ${size} -> ${p.sizeGb}G`, [{ field: p.disk, from: size ?? null, to: `${p.sizeGb}G` }]);
    },
    async apply(ctx, p) {
      await ctx.run([tool, 'resize', p.vmid, p.disk, `${p.sizeGb}G`], { okIf: /disk is already at specified size/ });
      const g = guestOf(ctx.facts, p.vmid);
      if (g?.config[p.disk]) g.config[p.disk] = g.config[p.disk]!.replace(/size=[^,]*/, `size=${p.sizeGb}G`);
    },
  };
}
