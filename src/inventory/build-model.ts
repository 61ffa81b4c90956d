// Parsed documents -> validated Model. Pure except for the optional script-existence check.
import { basename, dirname, join } from 'node:path';
import { nulByteProblems } from './nul-bytes.js';
import { ConfigError } from '../errors.js';
import { buildGuests } from './build-guests.js';
import type { HypervisorConfig, LxcFile, VmFile } from './config-types.js';
import { crossCheckProblems } from './cross-checks.js';
import { secretWarnings } from './find-secrets.js';
import { guestEntries, type FileLabels } from './guest-entries.js';
import type { ConfigFiles, Model } from './model.js';
import { modelHash } from './model-hash.js';
import { resolveInventory, type RawInventory } from './resolve-inventory.js';
import { scriptProblems } from './script-checks.js';
import type { SchemaName } from './schema-files.js';
import { schemaProblems } from './validate-schema.js';

export interface ModelSources {
  hypervisor: unknown;
  lxc: unknown;
  vm: unknown;
  /** Same shape as the config's `inventory` key. Default: one local node `pve`. */
  inventory?: unknown;
  /** Where the inventory came from, for messages and relative paths. Default: label 'inventory', pointer '', baseDir = baseDir. */
  inventorySource?: { label: string; pointer: string; baseDir?: string };
  /** Absolute path of the phoenix config file; '' when built in memory. */
  configFile?: string;
  /** Absolute paths of the three files; their basenames label messages. Default: the original names in baseDir. */
  files?: Partial<ConfigFiles>;
  /** Directory relative inventory paths resolve against. Default: the config file's directory, else cwd. */
  baseDir?: string;
  /** Scripts directory; default <baseDir>/scripts. */
  scriptsDir?: string;
  /** Check that features/<name>.sh and apps/<file> exist under scriptsDir. Default: false. */
  checkScripts?: boolean;
  /** Source texts for the hash; default: JSON of the documents. */
  texts?: Partial<Record<'config' | 'inventory' | 'hypervisor' | 'lxc' | 'vm', string>>;
}

export const DEFAULT_INVENTORY = { defaultNode: 'pve', nodes: { pve: { connection: 'local' } } } as const;

/** Throws ConfigError with every problem found (`earlier` are problems already found while reading). */
export function buildModelReporting(src: ModelSources, earlier: readonly string[] = []): Model {
  const baseDir = src.baseDir ?? (src.configFile ? dirname(src.configFile) : process.cwd());
  const files: ConfigFiles = {
    hypervisor: src.files?.hypervisor ?? join(baseDir, 'phoenix_hypervisor_config.json'),
    lxc: src.files?.lxc ?? join(baseDir, 'phoenix_lxc_configs.json'),
    vm: src.files?.vm ?? join(baseDir, 'phoenix_vm_configs.json'),
  };
  const labels: FileLabels = { hypervisor: basename(files.hypervisor), lxc: basename(files.lxc), vm: basename(files.vm) };
  const inventoryDoc = src.inventory ?? DEFAULT_INVENTORY;
  const invSrc = { label: 'inventory', pointer: '', ...src.inventorySource };
  // A document that could not be read is already in `earlier`; don't also call it invalid.
  const check = (name: SchemaName, label: string, doc: unknown, prefix = ''): string[] =>
    doc === undefined ? (earlier.length > 0 ? [] : [`${label}: /: document is missing`]) : schemaProblems(name, label, doc, prefix);
  const problems = [
    ...earlier,
    ...nulByteProblems(labels.hypervisor, src.hypervisor),
    ...nulByteProblems(labels.lxc, src.lxc),
    ...nulByteProblems(labels.vm, src.vm),
    ...check('hypervisor-config', labels.hypervisor, src.hypervisor),
    ...check('lxc-configs', labels.lxc, src.lxc),
    ...check('vm-configs', labels.vm, src.vm),
    ...check('inventory', invSrc.label, inventoryDoc, invSrc.pointer),
  ];
  if (problems.length > 0) throw new ConfigError(dedupe(problems));

  const lxc = src.lxc as LxcFile;
  const vm = src.vm as VmFile;
  const hypervisor = src.hypervisor as HypervisorConfig;
  const { inventory, problems: inventoryProblems } = resolveInventory(inventoryDoc as RawInventory, {
    label: invSrc.label, pointer: invSrc.pointer, baseDir: invSrc.baseDir ?? baseDir,
  });
  const entries = guestEntries(lxc, vm, labels);
  const scriptsDir = src.scriptsDir ?? join(baseDir, 'scripts');
  problems.push(...inventoryProblems, ...crossCheckProblems(entries, vm, inventory));
  if (src.checkScripts) problems.push(...scriptProblems(entries, scriptsDir));
  if (problems.length > 0) throw new ConfigError(dedupe(problems));

  const json = (v: unknown): string => JSON.stringify(v);
  return {
    configFile: src.configFile ?? '',
    files,
    scriptsDir,
    hypervisor,
    lxcFile: lxc,
    vmFile: vm,
    guests: buildGuests(entries, vm, inventory.defaultNode),
    inventory,
    hash: modelHash({
      config: src.texts?.config ?? '',
      inventory: src.texts?.inventory ?? json(inventoryDoc),
      hypervisor: src.texts?.hypervisor ?? json(src.hypervisor),
      lxc: src.texts?.lxc ?? json(src.lxc),
      vm: src.texts?.vm ?? json(src.vm),
    }),
    warnings: [
      ...secretWarnings(labels.hypervisor, hypervisor),
      ...secretWarnings(labels.lxc, lxc),
      ...secretWarnings(labels.vm, vm),
    ],
  };
}

/** Build a Model from already-parsed documents (tests, other rooms). Throws ConfigError. */
export function buildModel(src: ModelSources): Model {
  return buildModelReporting(src);
}

function dedupe(lines: readonly string[]): string[] { return [...new Set(lines)]; }
