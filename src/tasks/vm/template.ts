// VM template conversion: once; a running VM is stopped first (PVE refuses to convert a running VM:
// qemu-server PVE/API2/Qemu.pm template, "you can't convert a VM to template if VM is running").
import { guestOf } from '../facts.js';
import { obj, vmidSchema } from '../schema.js';
import { act, cmd, noop, update, type TaskDef } from '../types.js';

export const vmTemplate: TaskDef<{ vmid: string }, 'vm.template'> = {
  name: 'vm.template',
  schema: obj({ vmid: vmidSchema }),
  mutates: true,
  reconfigure: false,
  owned: true,
  // the conversion needs the VM stopped: the confirming plan reads the live status too
  reread: 'guest-status',
  guests: (p) => [p.vmid],
  title: (p) => `VM ${p.vmid}: template`,
  plan(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) return act(update('after create'));
    if (g.template) return noop('template');
    const convert = cmd(['qm', 'template', p.vmid]);
    if (g.status !== 'running') return act(update('convert to template'), convert);
    return act(update('stop, then convert to template'), cmd(['qm', 'stop', p.vmid], { okIf: 'not running' }), convert);
  },
};
