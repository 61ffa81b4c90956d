// The VM params schemas accept what the compiler emits for valid configurations (the real one's shapes), and refuse
// values that would read as an option or break an argv piece.
import Ajv2020 from 'ajv/dist/2020.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { vmCreateParams, vmSettings } from '../../../src/compile/vm-params.js';
import type { VmGuest } from '../../../src/inventory/model.js';
import { vmConfig } from '../../../src/tasks/vm/config.js';
import { vmCreate } from '../../../src/tasks/vm/create.js';
import { ipconfigOf } from '../../../src/tasks/vm/params.js';
import { vmVolumes } from '../../../src/tasks/vm/volumes.js';
import { makeModel, vm } from '../../helpers/model.js';

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const createOk = ajv.compile(vmCreate.schema);
const configOk = ajv.compile(vmConfig.schema);
const volumesOk = ajv.compile(vmVolumes.schema);

// the shapes of ../shared/fixtures/phoenix-real/phoenix_vm_configs.json
const model = makeModel({}, [
  vm(9000, { name: 'ubuntu-2404-cloud-template', is_template: true, template_image: 'noble-server-cloudimg-amd64.img', template_snapshot_name: 'initial_clean_state', network_config: { ip: 'dhcp', nameserver: '10.0.0.13' }, user_config: { username: 'phoenix_user' } }),
  vm(1001, { name: 'Portainer', clone_from_vmid: 9000, cores: 4, memory_mb: 8192, disk_size_gb: 32, start_at_boot: true, boot_order: 4, boot_delay: 2, network_config: { ip: '10.0.0.111/24', gw: '10.0.0.1', nameserver: '10.0.0.13' }, user_config: { username: 'phoenix_user' } }),
]);
model.hypervisor.domain_name = 'internal.thinkheads.ai';
const guest = (id: string) => model.guests.get(id) as VmGuest;

test('what the compiler emits for the real configuration\'s VMs validates', () => {
  for (const id of ['9000', '1001']) {
    const p = vmCreateParams(model, guest(id));
    assert.ok(createOk(p), `${id}: ${JSON.stringify(createOk.errors)}`);
    assert.ok(configOk({ ...vmSettings(model, guest(id)), firewall: true, mustExist: true }), `${id}: ${JSON.stringify(configOk.errors)}`);
  }
  assert.equal(vmCreateParams(model, guest('9000')).image, { file: 'noble-server-cloudimg-amd64.img', url: 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img' });
  const vols = [{ type: 'nfs', name: 'persistent-storage', path: '/quickOS/vm-persistent-data/1001/.step-ca', mount_point: '/etc/step-ca/certs', server: '10.0.0.13' }];
  assert.ok(volumesOk({ vmid: '1001', volumes: vols }), JSON.stringify(volumesOk.errors));
});

test('values that would read as an option, or leave their argv piece, are refused', () => {
  const p = vmCreateParams(model, guest('9000'));
  const bad: [string, unknown][] = [
    ['image', { ...p.image, file: '-o/etc/passwd' }],
    ['image', { ...p.image, file: 'a/../../etc/x' }],
    ['image', { ...p.image, url: '--config=/etc/x' }],
    ['image', { ...p.image, url: 'https://x/ y' }],
    ['clone', { from: '9000', node: '-x' }],
    ['ipconfig0', 'ip=dhcp,gw=1.2.3.4 --x'],
    ['storage', '-x'],
    ['name', '-x'],
  ];
  for (const [k, v] of bad) assert.not.ok(createOk({ ...p, [k]: v }), `${k}: ${JSON.stringify(v)}`);
  assert.not.ok(createOk({ ...p, stray: 1 }), 'unknown params are refused');
  assert.not.ok(volumesOk({ vmid: '1001', volumes: [{ type: 'nfs', name: 'v', server: 'nas;id', path: '/e', mount_point: '/m' }] }));
  assert.not.ok(volumesOk({ vmid: '1001', volumes: [{ type: 'nfs', name: 'v', server: 'nas', path: '/e x', mount_point: '/m' }] }));
});

test('ipconfigOf: dhcp, address with and without gateway, absent', () => {
  assert.is(ipconfigOf('dhcp', '10.0.0.1'), 'ip=dhcp');
  assert.is(ipconfigOf('10.0.0.5/24', '10.0.0.1'), 'ip=10.0.0.5/24,gw=10.0.0.1');
  assert.is(ipconfigOf('10.0.0.5/24', undefined), 'ip=10.0.0.5/24');
  assert.is(ipconfigOf(undefined, '10.0.0.1'), undefined);
});

test.run();
