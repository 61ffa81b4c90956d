// Reading errors: malformed JSON and YAML with line/column, missing files, empty files, no config found.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.js';
import { loadModel, type LoadOptions } from '../../src/inventory/load-model.js';
import { writeProject } from '../helpers/fixtures.js';

async function problems(opts: LoadOptions): Promise<string[]> {
  try { await loadModel(opts); } catch (e) { if (e instanceof ConfigError) return [...e.problems]; throw e; }
  assert.unreachable('expected a ConfigError');
  return [];
}

test('malformed JSON: file, line and column of the first error', async () => {
  const p = writeProject({ rawFiles: { 'phoenix_lxc_configs.json': '{\n  "lxc_configs": {\n    "900": { "name": x }\n  }\n}\n' } });
  try {
    assert.equal(await problems({ cwd: p.dir }), ['phoenix_lxc_configs.json: line 3, column 22: unexpected character "x"']);
  } finally { p.cleanup(); }
});

test('malformed JSON: trailing comma and truncated file', async () => {
  const p = writeProject({ rawFiles: { 'phoenix_vm_configs.json': '{"vm_defaults": {},\n}', 'phoenix_hypervisor_config.json': '{"a": [1, 2' } });
  try {
    assert.equal(await problems({ cwd: p.dir }), [
      "phoenix_hypervisor_config.json: line 1, column 12: expected ',' or ']' after array element, unexpected end of input",
      'phoenix_vm_configs.json: line 2, column 1: expected a double-quoted property name, unexpected character "}"',
    ]);
  } finally { p.cleanup(); }
});

test('duplicate keys in a JSON file are errors (JSON.parse would keep the last silently)', async () => {
  const lxc = JSON.stringify({ lxc_configs: { '950': { name: 'x' } } }).replace('{"950"', '{"950":{"name":"first"},"950"');
  const p = writeProject({ rawFiles: { 'phoenix_lxc_configs.json': lxc } });
  try {
    assert.equal(await problems({ cwd: p.dir }), ['phoenix_lxc_configs.json: /lxc_configs/950: duplicate key (JSON keeps only the last one)']);
  } finally { p.cleanup(); }
});

test('malformed YAML config: line and column', async () => {
  const p = writeProject();
  try {
    writeFileSync(p.configFile, 'configs:\n  lxc: ./a.json\n  vm: "unterminated\n');
    const lines = await problems({ cwd: p.dir });
    assert.equal(lines, ['phoenix.config.yaml: line 4, column 1: Missing closing "quote']);
  } finally { p.cleanup(); }
});

test('YAML duplicate keys are an error, not a silent override', async () => {
  const p = writeProject();
  try {
    writeFileSync(p.configFile, 'configs:\n  lxc: ./a.json\n  lxc: ./b.json\n');
    assert.equal(await problems({ cwd: p.dir }), ['phoenix.config.yaml: line 3, column 3: Map keys must be unique']);
  } finally { p.cleanup(); }
});

test('malformed YAML inventory given with -i', async () => {
  const p = writeProject({ rawFiles: { 'inv.yaml': 'nodes:\n  pve: { connection: local\n' } });
  try {
    const lines = await problems({ cwd: p.dir, inventoryFile: 'inv.yaml' });
    assert.is(lines.length, 1);
    assert.match(lines[0] ?? '', /^inv\.yaml: line \d+, column \d+: /);
  } finally { p.cleanup(); }
});

test('missing JSON file: config pointer and absolute path', async () => {
  const p = writeProject({ config: { configs: { hypervisor: './phoenix_hypervisor_config.json', lxc: './nope.json', vm: './phoenix_vm_configs.json' } } });
  try {
    assert.equal(await problems({ cwd: p.dir }), [`phoenix.config.yaml: /configs/lxc: file not found: ${join(p.dir, 'nope.json')}`]);
  } finally { p.cleanup(); }
});

test('missing -c file and missing -i file', async () => {
  const p = writeProject();
  try {
    assert.equal(await problems({ cwd: p.dir, configFile: 'other.yaml' }), [`other.yaml: file not found: ${join(p.dir, 'other.yaml')}`]);
    assert.equal(await problems({ cwd: p.dir, inventoryFile: 'inv.yaml' }), [`inv.yaml: file not found: ${join(p.dir, 'inv.yaml')}`]);
  } finally { p.cleanup(); }
});

test('config schema errors and file errors are reported together', async () => {
  const p = writeProject({
    inventory: null,
    config: { configs: { hypervisor: './phoenix_hypervisor_config.json', lxc: './gone.json', vm: 5 }, extra: true },
  });
  try {
    assert.equal(await problems({ cwd: p.dir }), [
      "phoenix.config.yaml: /: must NOT have additional property 'extra'",
      'phoenix.config.yaml: /configs/vm: must be string',
      `phoenix.config.yaml: /configs/lxc: file not found: ${join(p.dir, 'gone.json')}`,
      'phoenix.config.yaml: /inventory: missing: add an "inventory" key (the nodes to run on) or pass -i FILE',
    ]);
  } finally { p.cleanup(); }
});

test('empty config file', async () => {
  const p = writeProject();
  try {
    writeFileSync(p.configFile, '');
    assert.equal(await problems({ cwd: p.dir, configFile: 'phoenix.config.yaml' }), ['phoenix.config.yaml: the file is empty']);
  } finally { p.cleanup(); }
});

test('no config found: one line naming where it searched and -c', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-none-'));
  try {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name": "estate"}');
    const lines = await problems({ cwd: join(dir, 'a', 'b') });
    assert.is(lines.length, 1);
    assert.ok(lines[0]?.startsWith(`no phoenix config found: searched ${join(dir, 'a', 'b')} and its parent directories up to ${dir} for phoenix.config.{yaml,yml,json,js}`), lines[0]);
    assert.ok(lines[0]?.endsWith('pass -c FILE'));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test.run();
