// Temporary Phoenix projects for tests: a config file, the three JSON files and a scripts dir, written from objects.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { HypervisorConfig, LxcFile, VmFile } from '../../src/inventory/config-types.js';
import { simNodeConfig } from './sim.js';

export interface ProjectSpec {
  hypervisor?: unknown;
  lxc?: unknown;
  vm?: unknown;
  /** The config's `inventory` key; `null` leaves it out. Default: sampleInventory(). */
  inventory?: unknown;
  /** Scripts to create (empty files, mode 755); `null`: no scripts dir and no `scripts` key. Default: the ones the samples need. */
  scripts?: { features?: string[]; apps?: string[] } | null;
  /** Config file name; `.json` writes JSON, anything else YAML. Default phoenix.config.yaml. */
  configName?: string;
  /** Extra or replacing top-level keys of the config. */
  config?: Record<string, unknown>;
  /** Files written verbatim after the rest (path relative to the project dir -> text), e.g. malformed JSON. */
  rawFiles?: Record<string, string>;
}

export interface Project {
  dir: string;
  configFile: string;
  files: { hypervisor: string; lxc: string; vm: string };
  scriptsDir: string;
  cleanup(): void;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A small valid estate: CT 900 (template with snapshot), CT 950 cloned from it, VM 9000 (template), VM 9100 cloned. */
export function sampleLxc(): LxcFile {
  return clone<LxcFile>({
    lxc_configs: {
      '900': {
        name: 'base', memory_mb: 1024, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 8,
        template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        network_config: { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.200/24', gw: '10.0.0.1' },
        mac_address: '52:54:00:AA:BB:CC', unprivileged: true, template_snapshot_name: 'final-form', features: ['base_setup'],
      },
      '950': {
        name: 'app', memory_mb: 2048, cores: 2, storage_pool: 'local-lvm', storage_size_gb: 16, clone_from_ctid: '900',
        network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }, start_at_boot: true, boot_order: 2, boot_delay: 5,
        application_script: 'app950.sh', dependencies: [],
      },
    },
  });
}

export function sampleVm(): VmFile {
  return clone<VmFile>({
    vm_defaults: { template: 'ubuntu', cores: 2, memory_mb: 2048, disk_size_gb: 20, storage_pool: 'local-lvm', network_bridge: 'vmbr0' },
    vms: [
      { vmid: 9000, name: 'cloud-template', is_template: true, template_image: 'noble-server-cloudimg-amd64.img', network_config: { ip: 'dhcp' } },
      { vmid: 9100, name: 'worker', clone_from_vmid: 9000, dependencies: ['950'], boot_order: 3, network_config: { ip: '10.0.0.50/24', gw: '10.0.0.1' } },
    ],
  });
}

export function sampleHypervisor(): HypervisorConfig {
  return { domain_name: 'example.test', timezone: 'Etc/UTC' };
}

/** One simulated node `pve` with its state in `.phoenix/sim/pve` beside the config. */
export function sampleInventory(): Record<string, unknown> {
  return { nodes: { pve: simNodeConfig('./.phoenix/sim/pve') } };
}

const SAMPLE_SCRIPTS = { features: ['base_setup'], apps: ['app950.sh'] };

function write(path: string, text: string, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, mode !== undefined ? { mode } : {});
}

/** Writes a project into a fresh temporary directory. Call cleanup() when done. */
export function writeProject(spec: ProjectSpec = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-project-'));
  const files = {
    hypervisor: join(dir, 'phoenix_hypervisor_config.json'),
    lxc: join(dir, 'phoenix_lxc_configs.json'),
    vm: join(dir, 'phoenix_vm_configs.json'),
  };
  write(files.hypervisor, JSON.stringify(spec.hypervisor ?? sampleHypervisor(), null, 2));
  write(files.lxc, JSON.stringify(spec.lxc ?? sampleLxc(), null, 2));
  write(files.vm, JSON.stringify(spec.vm ?? sampleVm(), null, 2));
  const scriptsDir = join(dir, 'scripts');
  const scripts = spec.scripts === undefined ? SAMPLE_SCRIPTS : spec.scripts;
  if (scripts) {
    mkdirSync(scriptsDir, { recursive: true });
    for (const f of scripts.features ?? []) write(join(scriptsDir, 'features', `${f}.sh`), '#!/bin/sh\nexit 0\n', 0o755);
    for (const a of scripts.apps ?? []) write(join(scriptsDir, 'apps', a), '#!/bin/sh\nexit 0\n', 0o755);
  }
  const config: Record<string, unknown> = {
    configs: { hypervisor: './phoenix_hypervisor_config.json', lxc: './phoenix_lxc_configs.json', vm: './phoenix_vm_configs.json' },
    ...(scripts ? { scripts: './scripts' } : {}),
    ...(spec.inventory === null ? {} : { inventory: spec.inventory ?? sampleInventory() }),
    ...spec.config,
  };
  const configName = spec.configName ?? 'phoenix.config.yaml';
  const configFile = join(dir, configName);
  write(configFile, configName.endsWith('.json') ? JSON.stringify(config, null, 2) : stringify(config));
  for (const [rel, text] of Object.entries(spec.rawFiles ?? {})) write(join(dir, rel), text);
  return { dir, configFile, files, scriptsDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function parentAndKey(doc: unknown, pointer: string): [Record<string, unknown> | unknown[], string] {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const key = parts.pop();
  if (key === undefined) throw new Error(`bad pointer ${pointer}`);
  let cur: unknown = doc;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') throw new Error(`${pointer}: no object at ${p}`);
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === null || typeof cur !== 'object') throw new Error(`${pointer}: parent is not an object`);
  return [cur as Record<string, unknown>, key];
}

/** Sets the value at a JSON pointer (parents must exist); returns doc. For building invalid documents in tests. */
export function setAt<T>(doc: T, pointer: string, value: unknown): T {
  const [parent, key] = parentAndKey(doc, pointer);
  if (Array.isArray(parent) && key === '-') parent.push(value);
  else (parent as Record<string, unknown>)[key] = value;
  return doc;
}

/** Deletes the value at a JSON pointer; returns doc. */
export function removeAt<T>(doc: T, pointer: string): T {
  const [parent, key] = parentAndKey(doc, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, unknown>)[key];
  return doc;
}

/** The repository root (the directory of phoenix-pve's package.json), from src/ or dist/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'phoenix-pve') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root (package.json of phoenix-pve) not found');
    dir = parent;
  }
}

export const REAL_FIXTURE_REL = '../shared/fixtures/phoenix-real';

/** `../shared/fixtures/phoenix-real` next to the repository, or undefined when it is absent (e.g. on CI). */
export function realFixtureDir(): string | undefined {
  const dir = resolve(repoRoot(), REAL_FIXTURE_REL);
  const names = ['phoenix_hypervisor_config.json', 'phoenix_lxc_configs.json', 'phoenix_vm_configs.json'];
  return names.every((n) => existsSync(join(dir, n))) ? dir : undefined;
}

/** Prints the skip line used when the real fixture is absent. */
export function skipWithoutRealFixture(): void {
  console.log(`skipped: ${REAL_FIXTURE_REL} is absent`);
}
