// Both files' guests as one list, each with where it lives (file label + JSON pointer) for messages.
import type { LxcConfig, LxcFile, VmConfig, VmFile } from './config-types.js';

export interface FileLabels { hypervisor: string; lxc: string; vm: string }

interface EntryCommon {
  id: string;
  /** File label (basename) and JSON pointer of the guest object. */
  label: string;
  pointer: string;
  /** clone_from_ctid / clone_from_vmid as a string, and the key it came from. */
  cloneFrom?: string;
  cloneKey: 'clone_from_ctid' | 'clone_from_vmid';
  dependencies: string[];
  node?: string;
}
export interface LxcEntry extends EntryCommon { kind: 'lxc'; config: LxcConfig }
export interface VmEntry extends EntryCommon { kind: 'vm'; config: VmConfig }
export type GuestEntry = LxcEntry | VmEntry;

const byId = (a: GuestEntry, b: GuestEntry): number => Number(a.id) - Number(b.id) || a.kind.localeCompare(b.kind);

/** Schema-valid files in; entries sorted by numeric id (LXC before VM on equal ids). */
export function guestEntries(lxc: LxcFile, vm: VmFile, labels: FileLabels): GuestEntry[] {
  const out: GuestEntry[] = [];
  for (const [id, config] of Object.entries(lxc.lxc_configs)) {
    out.push({
      kind: 'lxc', id, config, label: labels.lxc, pointer: `/lxc_configs/${id}`,
      cloneKey: 'clone_from_ctid', dependencies: config.dependencies ?? [],
      ...(config.clone_from_ctid !== undefined ? { cloneFrom: config.clone_from_ctid } : {}),
      ...(config.node !== undefined ? { node: config.node } : {}),
    });
  }
  vm.vms.forEach((config, index) => {
    out.push({
      kind: 'vm', id: String(config.vmid), config, label: labels.vm, pointer: `/vms/${index}`,
      cloneKey: 'clone_from_vmid', dependencies: config.dependencies ?? [],
      ...(config.clone_from_vmid !== undefined ? { cloneFrom: String(config.clone_from_vmid) } : {}),
      ...(config.node !== undefined ? { node: config.node } : {}),
    });
  });
  return out.sort(byId);
}

/** Where a guest's storage lives (for cross-node clone checks). */
export function entryStorage(e: GuestEntry, vm: VmFile): string {
  return e.kind === 'lxc' ? e.config.storage_pool : (e.config.storage_pool ?? vm.vm_defaults.storage_pool);
}
