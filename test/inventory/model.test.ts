// buildModel: guest fields, ordering, hash, warnings.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildModel, type ModelSources } from '../../src/inventory/build-model.js';
import { sampleHypervisor, sampleInventory, sampleLxc, sampleVm, setAt } from '../helpers/fixtures.js';

const sources = (over: Partial<ModelSources> = {}): ModelSources =>
  ({ hypervisor: sampleHypervisor(), lxc: sampleLxc(), vm: sampleVm(), inventory: sampleInventory(), baseDir: '/estate', ...over });

test('guests of both files, by numeric id, with the model fields', () => {
  const model = buildModel(sources());
  assert.equal([...model.guests.keys()], ['900', '950', '9000', '9100']);
  const ct = model.guests.get('950');
  assert.equal(ct && { ...ct, config: undefined }, {
    id: '950', kind: 'lxc', name: 'app', node: 'pve', cloneFrom: '900', dependencies: [], bootOrder: 2, bootDelay: 5,
    startAtBoot: true, features: [], isTemplate: false, config: undefined,
  });
  const vm = model.guests.get('9100');
  assert.is(vm?.kind, 'vm');
  assert.is(vm?.cloneFrom, '9000');
  assert.equal(vm?.dependencies, ['950']);
  assert.is(vm?.startAtBoot, false);
  if (vm?.kind === 'vm') {
    assert.is(vm.config.vmid, 9100);
    assert.is(vm.defaults.network_bridge, 'vmbr0');
  }
  assert.is(model.guests.get('9000')?.isTemplate, true);
  assert.is(model.guests.get('900')?.templateSnapshot, 'final-form');
});

test('paths: files default to the original names in baseDir; in-memory configFile is empty', () => {
  const model = buildModel(sources());
  assert.equal(model.files, {
    hypervisor: '/estate/phoenix_hypervisor_config.json', lxc: '/estate/phoenix_lxc_configs.json', vm: '/estate/phoenix_vm_configs.json',
  });
  assert.is(model.configFile, '');
  assert.is(model.scriptsDir, '/estate/scripts');
});

test('without an inventory: one local node "pve"', () => {
  const { inventory: _omit, ...rest } = sources();
  const model = buildModel(rest);
  assert.equal(Object.keys(model.inventory.nodes), ['pve']);
  assert.is(model.inventory.nodes['pve']?.connection, 'local');
});

test('hash: a sha256 that changes with any document', () => {
  const a = buildModel(sources()).hash;
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.is(buildModel(sources()).hash, a);
  assert.is.not(buildModel(sources({ lxc: setAt(sampleLxc(), '/lxc_configs/900/cores', 2) })).hash, a);
  assert.is.not(buildModel(sources({ inventory: { nodes: { other: { connection: 'local' } } } })).hash, a);
  assert.is.not(buildModel(sources({ hypervisor: { domain_name: 'other.test' } })).hash, a);
});

test('warnings: plaintext secrets by path; hashes, file paths, empty values and references are not secrets', () => {
  const hypervisor = {
    users: { password_hash: '$6$abc', ssh_public_key: '' },
    core_paths: { hf_token_file: '/etc/hf_token' },
    portainer_api: { admin_password: 'hunter2' },
    api: { token: '${PVE_TOKEN}', client_secret: 'env:CLIENT_SECRET', keys: [{ secret: 's3cr3t' }] },
  };
  const model = buildModel(sources({ hypervisor }));
  assert.equal(model.warnings.map((w) => w.split(': ').slice(0, 2).join(': ')), [
    'phoenix_hypervisor_config.json: /portainer_api/admin_password',
    'phoenix_hypervisor_config.json: /api/keys/0/secret',
  ]);
  assert.not.ok(model.warnings.join(' ').includes('hunter2'));
  assert.not.ok(model.warnings.join(' ').includes('s3cr3t'));
});

test('buildModel keeps the documents as given', () => {
  const lxc = sampleLxc();
  const model = buildModel(sources({ lxc }));
  assert.is(model.lxcFile, lxc);
  assert.is(model.guests.get('900')?.config, lxc.lxc_configs['900']);
});

test.run();
