// Every problem of the configuration in one report: each document against its schema, the inventory, the
// cross-file checks and the scripts. The last two run on what parsed (prune-errors.ts), not only once every file is
// schema-valid, so five mistakes in one file are five lines of one run.
import type { ErrorObject } from 'ajv';
import { checkableGuests } from './checkable-guests.js';
import { crossCheckProblems } from './cross-checks.js';
import { formatAjvErrors } from './format-ajv-error.js';
import type { FileLabels } from './guest-entries.js';
import type { Inventory } from './model.js';
import { nulByteProblems } from './nul-bytes.js';
import { hasErrorAt, isRecord, pointerTo } from './prune-errors.js';
import { resolveInventory, type InventorySource, type RawInventory } from './resolve-inventory.js';
import type { SchemaName } from './schema-files.js';
import { scriptProblems } from './script-checks.js';
import { schemaErrors } from './validate-schema.js';

/** The parsed documents; undefined for one that could not be read (its problem is among `earlier`). */
export interface ConfigDocs { hypervisor: unknown; lxc: unknown; vm: unknown; inventory: unknown }

export interface ProblemInput {
  docs: ConfigDocs;
  labels: FileLabels;
  inventorySource: InventorySource;
  /** Check the scripts the guests and the hypervisor tests name under `dir`. */
  scripts: { dir: string; check: boolean };
  /** Problems already found while reading (unreadable or unparsable files). */
  earlier: readonly string[];
}

/** The problems (empty when the configuration is valid) and the resolved inventory when it is schema-valid. */
export function configProblems(input: ProblemInput): { problems: string[]; inventory?: Inventory } {
  const { docs, labels, earlier } = input;
  const inv = input.inventorySource;
  const problems: string[] = [...earlier];
  const errorsOf = (name: SchemaName, label: string, doc: unknown, prefix = ''): readonly ErrorObject[] => {
    if (doc === undefined) {
      // a document that could not be read is already reported; don't also call it invalid
      if (earlier.length === 0) problems.push(`${label}: /: document is missing`);
      return [];
    }
    const errors = schemaErrors(name, doc);
    problems.push(...formatAjvErrors(label, errors, prefix));
    return errors;
  };
  problems.push(...nulByteProblems(labels.hypervisor, docs.hypervisor), ...nulByteProblems(labels.lxc, docs.lxc), ...nulByteProblems(labels.vm, docs.vm));
  const hypervisorErrors = errorsOf('hypervisor-config', labels.hypervisor, docs.hypervisor);
  const lxcErrors = errorsOf('lxc-configs', labels.lxc, docs.lxc);
  const vmErrors = errorsOf('vm-configs', labels.vm, docs.vm);
  const inventoryErrors = errorsOf('inventory', inv.label, docs.inventory, inv.pointer);

  let inventory: Inventory | undefined;
  if (docs.inventory !== undefined && inventoryErrors.length === 0) {
    const resolved = resolveInventory(docs.inventory as RawInventory, inv);
    problems.push(...resolved.problems);
    inventory = resolved.inventory;
  }

  const guests = checkableGuests(docs.lxc, docs.vm, labels, { lxc: lxcErrors, vm: vmErrors });
  problems.push(...crossCheckProblems(guests.entries, guests.vm, inventory, { knownIds: guests.knownIds, complete: guests.complete, dropped: guests.dropped }));
  if (input.scripts.check) {
    problems.push(...scriptProblems(guests.entries, input.scripts.dir, undefined, { label: labels.hypervisor, tests: checkableTests(docs.hypervisor, hypervisorErrors) }));
  }
  return { problems: [...new Set(problems)], ...(inventory ? { inventory } : {}) };
}

/** The hypervisor file's `tests` with every case a schema error points into replaced by null (indices kept). */
function checkableTests(hypervisor: unknown, errors: readonly ErrorObject[]): unknown {
  const tests = isRecord(hypervisor) ? hypervisor['tests'] : undefined;
  if (!isRecord(tests)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [suite, cases] of Object.entries(tests)) {
    const at = pointerTo('/tests', suite);
    out[suite] = Array.isArray(cases) ? cases.map((c: unknown, i) => (hasErrorAt(errors, pointerTo(at, i)) ? null : c)) : undefined;
  }
  return out;
}
