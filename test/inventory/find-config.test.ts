// cosmiconfig search: nested cwd, the accepted file names, package.json#phoenix, and -c.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.js';
import { findConfig } from '../../src/inventory/find-config.js';
import { loadModel } from '../../src/inventory/load-model.js';
import { sampleInventory, writeProject } from '../helpers/fixtures.js';

const configs = { hypervisor: './phoenix_hypervisor_config.json', lxc: './phoenix_lxc_configs.json', vm: './phoenix_vm_configs.json' };

test('search from a nested cwd finds the config above it; paths resolve from the config file', async () => {
  const p = writeProject();
  try {
    const deep = join(p.dir, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    const model = await loadModel({ cwd: deep });
    assert.is(model.configFile, p.configFile);
    assert.equal(model.files, p.files);
    assert.is(model.scriptsDir, p.scriptsDir);
    assert.equal([...model.guests.keys()], ['900', '950', '9000', '9100']);
  } finally { p.cleanup(); }
});

test('other accepted names: phoenix.config.json, .phoenixrc (YAML), .phoenixrc.yml', async () => {
  for (const name of ['phoenix.config.json', '.phoenixrc', '.phoenixrc.yml']) {
    const p = writeProject({ configName: name });
    try {
      const found = await findConfig(join(p.dir));
      assert.is(found.filepath, join(p.dir, name), name);
      assert.ok((await loadModel({ cwd: p.dir })).guests.size === 4, name);
    } finally { p.cleanup(); }
  }
});

test('phoenix.config.js (ESM default export)', async () => {
  const p = writeProject();
  try {
    renameSync(p.configFile, join(p.dir, 'unused.yaml'));
    writeFileSync(join(p.dir, 'package.json'), JSON.stringify({ name: 'estate', type: 'module' }));
    writeFileSync(join(p.dir, 'phoenix.config.js'), `export default ${JSON.stringify({ configs, inventory: sampleInventory(), scripts: './scripts' })};\n`);
    const model = await loadModel({ cwd: p.dir });
    assert.is(model.configFile, join(p.dir, 'phoenix.config.js'));
  } finally { p.cleanup(); }
});

test('a phoenix.config.js that throws is one config line', async () => {
  const p = writeProject();
  try {
    renameSync(p.configFile, join(p.dir, 'unused.yaml'));
    writeFileSync(join(p.dir, 'package.json'), JSON.stringify({ name: 'estate', type: 'module' }));
    writeFileSync(join(p.dir, 'phoenix.config.js'), "throw new Error('boom');\n");
    let lines: string[] = [];
    try { await loadModel({ cwd: p.dir }); } catch (e) { if (e instanceof ConfigError) lines = [...e.problems]; }
    assert.equal(lines, ['phoenix.config.js: cannot load: boom']);
  } finally { p.cleanup(); }
});

test('package.json "phoenix" key; its errors point under /phoenix', async () => {
  const p = writeProject();
  try {
    renameSync(p.configFile, join(p.dir, 'unused.yaml'));
    const pkg = { name: 'estate', phoenix: { configs, inventory: { nodes: { pve: { connection: 'local', port: 'x' } } } } };
    writeFileSync(join(p.dir, 'package.json'), JSON.stringify(pkg));
    let lines: string[] = [];
    try { await loadModel({ cwd: join(p.dir) }); } catch (e) { if (e instanceof ConfigError) lines = [...e.problems]; }
    assert.equal(lines, ['package.json: /phoenix/inventory/nodes/pve/port: must be integer']);
  } finally { p.cleanup(); }
});

test('-c FILE skips the search (relative to cwd)', async () => {
  const p = writeProject();
  try {
    const other = join(p.dir, 'envs', 'lab.yaml');
    mkdirSync(join(p.dir, 'envs'));
    writeFileSync(other, `configs:\n  hypervisor: ../phoenix_hypervisor_config.json\n  lxc: ../phoenix_lxc_configs.json\n  vm: ../phoenix_vm_configs.json\ninventory:\n  nodes:\n    lab: { connection: local }\n`);
    const model = await loadModel({ cwd: p.dir, configFile: 'envs/lab.yaml' });
    assert.is(model.configFile, other);
    assert.equal(Object.keys(model.inventory.nodes), ['lab']);
    assert.is(model.files.lxc, p.files.lxc);
  } finally { p.cleanup(); }
});

test.run();
