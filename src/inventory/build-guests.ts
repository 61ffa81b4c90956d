// Guest entries -> the model's Guest objects (by id, ascending).
import type { LxcFile, ScriptTimeouts, VmFile } from './config-types.js';
import type { GuestEntry } from './guest-entries.js';
import type { Guest } from './model.js';

export function buildGuests(entries: readonly GuestEntry[], vm: VmFile, defaultNode: string, lxc?: LxcFile): Map<string, Guest> {
  const guests = new Map<string, Guest>();
  for (const e of entries) {
    if (guests.has(e.id)) continue; // duplicates are reported by the cross-checks
    const c = e.config;
    // the file's bounds, then the guest's own, key by key
    const timeouts: ScriptTimeouts = { ...(e.kind === 'lxc' ? lxc?.script_timeouts : vm.script_timeouts), ...c.script_timeouts };
    const common = {
      id: e.id,
      name: c.name,
      node: e.node ?? defaultNode,
      dependencies: [...e.dependencies],
      startAtBoot: c.start_at_boot === true,
      features: [...(c.features ?? [])],
      isTemplate: c.is_template === true,
      ...(e.cloneFrom !== undefined ? { cloneFrom: e.cloneFrom } : {}),
      ...(c.boot_order !== undefined ? { bootOrder: c.boot_order } : {}),
      ...(c.boot_delay !== undefined ? { bootDelay: c.boot_delay } : {}),
      ...(c.template_snapshot_name !== undefined ? { templateSnapshot: c.template_snapshot_name } : {}),
      ...(Object.keys(timeouts).length ? { scriptTimeouts: timeouts } : {}),
    };
    guests.set(e.id, e.kind === 'lxc'
      ? { ...common, kind: 'lxc', config: e.config }
      : { ...common, kind: 'vm', config: e.config, defaults: vm.vm_defaults });
  }
  return guests;
}
