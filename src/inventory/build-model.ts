// Parsed documents -> validated Model. Pure except for the optional script checks.
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import { buildGuests } from './build-guests.js';
import type { HypervisorConfig, LxcFile, VmFile } from './config-types.js';
import { configProblems } from './config-problems.js';
import { secretWarnings } from './find-secrets.js';
import { guestEntries, type FileLabels } from './guest-entries.js';
import type { ConfigFiles, Model } from './model.js';
import { modelHash } from './model-hash.js';

export interface ModelSources {
  hypervisor: unknown;
  lxc: unknown;
  vm: unknown;
  /** Same shape as the config's `inventory` key. Default: one local node `pve`. */
  inventory?: unknown;
  /** The inventory could not be read (the reason is among the problems found while reading): no default, no node checks. */
  inventoryUnread?: boolean;
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
  /** Check every script the guests and the hypervisor tests name under scriptsDir (script-checks.ts). Default: false. */
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
  const inventoryDoc = src.inventoryUnread ? undefined : (src.inventory ?? DEFAULT_INVENTORY);
  const invSrc = { label: 'inventory', pointer: '', ...src.inventorySource };
  const scriptsDir = src.scriptsDir ?? join(baseDir, 'scripts');
  // schema, inventory, cross-file and script problems together, the latter on what parsed (config-problems.ts)
  const { problems, inventory } = configProblems({
    docs: { hypervisor: src.hypervisor, lxc: src.lxc, vm: src.vm, inventory: inventoryDoc },
    labels,
    inventorySource: { label: invSrc.label, pointer: invSrc.pointer, baseDir: invSrc.baseDir ?? baseDir },
    scripts: { dir: scriptsDir, check: src.checkScripts === true },
    earlier,
  });
  if (problems.length > 0 || !inventory) throw new ConfigError(problems.length > 0 ? problems : ['inventory: not usable']);

  const lxc = src.lxc as LxcFile;
  const vm = src.vm as VmFile;
  const hypervisor = src.hypervisor as HypervisorConfig;
  const entries = guestEntries(lxc, vm, labels);

  const json = (v: unknown): string => JSON.stringify(v);
  return {
    configFile: src.configFile ?? '',
    files,
    scriptsDir,
    hypervisor,
    lxcFile: lxc,
    vmFile: vm,
    guests: buildGuests(entries, vm, inventory.defaultNode, lxc),
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
