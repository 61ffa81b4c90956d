// VM template conversion: once; a running VM is stopped first (PVE refuses to convert a running VM).
import { guestOf } from '../facts.js';
import { none, update, type TaskDef } from '../types.js';

export const vmTemplate: TaskDef<{ vmid: string }> = {
  name: 'vm.template',
  mutates: true,
  title: (p) => `VM ${p.vmid}: template`,
  check(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) return update('after create');
    return g.template ? none('template') : update('convert to template');
  },
  async apply(ctx, p) {
    const g = guestOf(ctx.facts, p.vmid);
    if (g?.status === 'running') await ctx.run(['qm', 'stop', p.vmid]);
    await ctx.run(['qm', 'template', p.vmid]);
    await ctx.refresh(p.vmid, 'stopped');
  },
};
