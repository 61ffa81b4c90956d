// The guests of both files as the cross-file checks see them, from documents that may have failed their schema:
// each entry keeps the fields no schema error points into (prune-errors.ts), so an entry with a bad `memory_mb`
// still has its dependencies, clone source, node and scripts checked. What cannot be read at all is counted, so that
// a reference to it is not called unknown.
import type { ErrorObject } from 'ajv';
import type { LxcConfig, VmConfig, VmFile } from './config-types.js';
import type { FileLabels, GuestEntry } from './guest-entries.js';
import { hasErrorAt, isRecord, namedKeys, pointerTo, withoutErrored } from './prune-errors.js';

export interface CheckableGuests {
  /** Sorted as guestEntries sorts them. A config may lack a required field whose value failed the schema. */
  entries: GuestEntry[];
  /** The VM file's defaults as far as they are schema-valid (vms: the raw list, unused by the checks). */
  vm: VmFile;
  /** Ids that exist but whose entry is not an object: known, not checked. */
  knownIds: string[];
  /** Whether every guest of that file is known (the file was read, its guest map/list is there, every VM has a vmid). */
  complete: { lxc: boolean; vm: boolean };
  /** `label:pointer` of each guest field left out because a schema error points into it. */
  dropped: Set<string>;
}

export interface GuestDocErrors { lxc: readonly ErrorObject[]; vm: readonly ErrorObject[] }

const byId = (a: GuestEntry, b: GuestEntry): number => Number(a.id) - Number(b.id) || a.kind.localeCompare(b.kind);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const vmIdOf = (v: unknown): string | undefined => (typeof v === 'number' && Number.isInteger(v) ? String(v) : undefined);

export function checkableGuests(lxcDoc: unknown, vmDoc: unknown, labels: FileLabels, errors: GuestDocErrors): CheckableGuests {
  const entries: GuestEntry[] = [];
  const knownIds: string[] = [];
  const complete = { lxc: false, vm: false };
  const dropped = new Set<string>();
  const prune = (raw: Record<string, unknown>, label: string, pointer: string, errs: readonly ErrorObject[]): Record<string, unknown> => {
    const kept = withoutErrored(raw, pointer, errs);
    for (const k of Object.keys(raw)) if (!Object.hasOwn(kept, k)) dropped.add(`${label}:${pointerTo(pointer, k)}`);
    return kept;
  };

  const configs = isRecord(lxcDoc) ? lxcDoc['lxc_configs'] : undefined;
  if (isRecord(configs)) {
    complete.lxc = true;
    const badIds = namedKeys(errors.lxc, '/lxc_configs');
    for (const [id, raw] of Object.entries(configs)) {
      if (badIds.has(id)) continue; // not a guest id: reported by the schema, and nothing can name it
      const pointer = pointerTo('/lxc_configs', id);
      if (!isRecord(raw)) { knownIds.push(id); continue; }
      const c = prune(raw, labels.lxc, pointer, errors.lxc);
      entries.push({
        kind: 'lxc', id, config: c as LxcConfig, label: labels.lxc, pointer,
        cloneKey: 'clone_from_ctid', dependencies: strings(c['dependencies']),
        ...(typeof c['clone_from_ctid'] === 'string' ? { cloneFrom: c['clone_from_ctid'] } : {}),
        ...(typeof c['node'] === 'string' ? { node: c['node'] } : {}),
      });
    }
  }

  const vms = isRecord(vmDoc) ? vmDoc['vms'] : undefined;
  const rawDefaults = isRecord(vmDoc) ? vmDoc['vm_defaults'] : undefined;
  const defaults = isRecord(rawDefaults) ? withoutErrored(rawDefaults, '/vm_defaults', errors.vm) : {};
  if (Array.isArray(vms)) {
    complete.vm = true;
    vms.forEach((raw: unknown, index) => {
      const pointer = `/vms/${index}`;
      // a VM whose vmid failed its schema has no id anyone could name: the VM file's ids are then not all known
      const id = isRecord(raw) && !hasErrorAt(errors.vm, `${pointer}/vmid`) ? vmIdOf(raw['vmid']) : undefined;
      if (!isRecord(raw) || id === undefined) { complete.vm = false; return; }
      const c = prune(raw, labels.vm, pointer, errors.vm);
      const clone = hasErrorAt(errors.vm, `${pointer}/clone_from_vmid`) ? undefined : vmIdOf(c['clone_from_vmid']);
      entries.push({
        kind: 'vm', id, config: c as VmConfig, label: labels.vm, pointer,
        cloneKey: 'clone_from_vmid', dependencies: strings(c['dependencies']),
        ...(clone !== undefined ? { cloneFrom: clone } : {}),
        ...(typeof c['node'] === 'string' ? { node: c['node'] } : {}),
      });
    });
  }
  return { entries: entries.sort(byId), vm: { vm_defaults: defaults, vms: Array.isArray(vms) ? vms : [] } as VmFile, knownIds, complete, dropped };
}
