// The original project's real configuration loads unchanged (skipped when ../shared/fixtures is absent).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { loadModel } from '../../src/inventory/load-model.js';
import type { Model } from '../../src/inventory/model.js';
import { realFixtureDir, skipWithoutRealFixture, writeProject } from '../helpers/fixtures.js';
import { simNodeConfig } from '../helpers/sim.js';

const dir = realFixtureDir();

async function loadReal(fixture: string): Promise<Model> {
  const p = writeProject({ scripts: null });
  try {
    writeFileSync(p.configFile, stringify({
      configs: {
        hypervisor: join(fixture, 'phoenix_hypervisor_config.json'),
        lxc: join(fixture, 'phoenix_lxc_configs.json'),
        vm: join(fixture, 'phoenix_vm_configs.json'),
      },
      inventory: { nodes: { pve: simNodeConfig('./sim') } },
    }));
    return await loadModel({ cwd: p.dir });
  } finally { p.cleanup(); }
}

if (!dir) {
  skipWithoutRealFixture();
} else {
  const fixture = dir;

  test('real fixture: every guest of both files', async () => {
    const model = await loadReal(fixture);
    assert.equal([...model.guests.keys()], ['101', '102', '103', '801', '802', '900', '901', '910', '911', '912', '914', '917', '1001', '1002', '9000']);
    assert.equal([...model.guests.values()].filter((g) => g.kind === 'vm').map((g) => g.id), ['1001', '1002', '9000']);
  });

  test('real fixture: guest fields as the model defines them', async () => {
    const model = await loadReal(fixture);
    const ct901 = model.guests.get('901');
    assert.is(ct901?.kind, 'lxc');
    assert.is(ct901?.cloneFrom, '900');
    assert.equal(ct901?.dependencies, ['1002']);
    assert.is(ct901?.templateSnapshot, 'final-form');
    assert.is(ct901?.node, 'pve');
    const ct900 = model.guests.get('900');
    assert.is(ct900?.cloneFrom, undefined);
    assert.equal(ct900?.dependencies, []);
    assert.equal(ct900?.features, ['base_setup']);
    assert.is(ct900?.isTemplate, false);
    assert.is(ct900?.startAtBoot, false);
    assert.is(ct900?.bootOrder, 0);
    const vm9000 = model.guests.get('9000');
    assert.is(vm9000?.isTemplate, true);
    assert.is(vm9000?.templateSnapshot, 'initial_clean_state');
    assert.equal(vm9000?.features, []);
    const vm1002 = model.guests.get('1002');
    assert.is(vm1002?.kind, 'vm');
    assert.is(vm1002?.cloneFrom, '9000');
    assert.is(vm1002?.startAtBoot, true);
    assert.is(vm1002?.bootOrder, 5);
    assert.is(vm1002?.bootDelay, 2);
    if (vm1002?.kind === 'vm') assert.is(vm1002.defaults.storage_pool, 'quickOS-vm-disks');
    assert.is(model.guests.get('914')?.name, 'ollama-gpu0');
  });

  test('real fixture: the plaintext Portainer password is a warning that names the path, not the value', async () => {
    const model = await loadReal(fixture);
    assert.equal(model.warnings, [
      'phoenix_hypervisor_config.json: /portainer_api/admin_password: plaintext secret in the configuration (value not shown); keep secrets out of these files',
    ]);
    const secret = (JSON.parse(readFileSync(join(fixture, 'phoenix_hypervisor_config.json'), 'utf8')) as { portainer_api: { admin_password: string } }).portainer_api.admin_password;
    assert.not.ok(model.warnings.join('\n').includes(secret));
  });

  test('real fixture: the hash is stable across loads', async () => {
    assert.is((await loadReal(fixture)).hash, (await loadReal(fixture)).hash);
  });
}

test.run();
