// loadModel: find the phoenix config, read the three JSON files and the inventory, validate, build the Model.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { buildModelReporting, type ModelSources } from './build-model.js';
import { findConfig } from './find-config.js';
import type { Model } from './model.js';
import { parseJsonText, parseYamlText } from './parse-text.js';
import { expandHome } from './resolve-inventory.js';
import { scriptFiles } from './script-files.js';
import { schemaProblems } from './validate-schema.js';
import { valueProblems } from './value-checks.js';

export interface LoadOptions {
  /** Where the search starts and relative -c / -i paths resolve from. */
  cwd: string;
  /** -c FILE: skip the search. */
  configFile?: string;
  /** -i FILE: replaces the config's `inventory` key (YAML or JSON, same shape). */
  inventoryFile?: string;
  /** Check the scripts the configuration names even without a `scripts` key (in <config dir>/scripts then), as
   * `phoenix validate` does; otherwise they are checked only when the config names its scripts directory. */
  checkAllScripts?: boolean;
}

const KINDS = ['hypervisor', 'lxc', 'vm'] as const;
type Kind = (typeof KINDS)[number];

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function readText(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Throws ConfigError listing every problem; otherwise the validated Model. */
export async function loadModel(opts: LoadOptions): Promise<Model> {
  const found = await findConfig(opts.cwd, opts.configFile);
  const label = basename(found.filepath);
  const at = (pointer: string): string => `${label}: ${found.pointer}${pointer}`;
  const configDir = dirname(found.filepath);
  const local = (p: string): string => resolve(configDir, expandHome(p));
  const problems: string[] = [];

  const raw = found.config;
  if (raw === undefined) problems.push(`${label}: the file is empty`);
  const { inventory: embedded, ...rest } = isRecord(raw) ? raw : { inventory: undefined };
  if (raw !== undefined) problems.push(...schemaProblems('phoenix-config', label, isRecord(raw) ? rest : raw, found.pointer));

  const configs = isRecord(raw) && isRecord(raw['configs']) ? raw['configs'] : {};
  const docs: Partial<Record<Kind, unknown>> = {};
  const texts: Partial<Record<Kind, string>> = {};
  const files: Partial<Record<Kind, string>> = {};
  for (const kind of KINDS) {
    const rel = configs[kind];
    if (typeof rel !== 'string' || rel === '') continue;
    const path = (files[kind] = local(rel));
    const text = existsSync(path) && statSync(path).isDirectory() ? undefined : readText(path);
    if (text === undefined) { problems.push(`${at(`/configs/${kind}`)}: file not found: ${path}`); continue; }
    texts[kind] = text;
    const parsed = parseJsonText(basename(path), text);
    if (parsed.ok) docs[kind] = parsed.value;
    else problems.push(...parsed.problems);
  }

  let inventory: unknown;
  let inventoryText: string | undefined;
  let inventorySource: ModelSources['inventorySource'];
  if (opts.inventoryFile !== undefined) {
    const path = isAbsolute(opts.inventoryFile) ? opts.inventoryFile : resolve(opts.cwd, opts.inventoryFile);
    const text = readText(path);
    if (text === undefined) problems.push(`${basename(path)}: file not found: ${path}`);
    else {
      inventoryText = text;
      const parsed = parseYamlText(basename(path), text);
      if (!parsed.ok) problems.push(...parsed.problems);
      else if (parsed.value === null || parsed.value === undefined) problems.push(`${basename(path)}: the file is empty`);
      else inventory = parsed.value;
      inventorySource = { label: basename(path), pointer: '', baseDir: dirname(path) };
    }
  } else if (embedded !== undefined) {
    inventory = embedded;
    inventorySource = { label, pointer: `${found.pointer}/inventory`, baseDir: configDir };
  } else if (isRecord(raw)) {
    problems.push(`${at('/inventory')}: missing: add an "inventory" key (the nodes to run on) or pass -i FILE`);
  }

  const scripts = isRecord(raw) && typeof raw['scripts'] === 'string' && raw['scripts'] !== '' ? local(raw['scripts']) : undefined;
  if (scripts !== undefined && !(existsSync(scripts) && statSync(scripts).isDirectory())) {
    problems.push(`${at('/scripts')}: directory not found: ${scripts}`);
  }

  problems.push(...valueProblems({ docs, files, baseDir: configDir }));
  const model = buildModelReporting({
    hypervisor: docs.hypervisor,
    lxc: docs.lxc,
    vm: docs.vm,
    inventory,
    ...(inventory === undefined ? { inventoryUnread: true } : {}),
    ...(inventorySource ? { inventorySource } : {}),
    configFile: found.filepath,
    files,
    baseDir: configDir,
    scriptsDir: scripts ?? resolve(configDir, 'scripts'),
    checkScripts: scripts !== undefined || opts.checkAllScripts === true,
    texts: {
      config: found.text,
      inventory: inventoryText ?? JSON.stringify(inventory ?? null),
      hypervisor: texts.hypervisor ?? '',
      lxc: texts.lxc ?? '',
      vm: texts.vm ?? '',
    },
  }, problems);
  model.scriptFiles = scriptFiles(model.scriptsDir);
  if (isRecord(raw) && isRecord(raw['limits'])) model.limits = raw['limits'] as NonNullable<Model['limits']>;
  return model;
}
