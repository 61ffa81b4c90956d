// Each class of schema violation gives its exact line; several problems come back at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.js';
import { buildModel, type ModelSources } from '../../src/inventory/build-model.js';
import { removeAt, sampleHypervisor, sampleInventory, sampleLxc, sampleVm, setAt } from '../helpers/fixtures.js';

const L = 'phoenix_lxc_configs.json';
const V = 'phoenix_vm_configs.json';
const H = 'phoenix_hypervisor_config.json';

function sources(over: Partial<ModelSources> = {}): ModelSources {
  return { hypervisor: sampleHypervisor(), lxc: sampleLxc(), vm: sampleVm(), inventory: sampleInventory(), baseDir: '/estate', ...over };
}

function problems(src: ModelSources): string[] {
  try {
    buildModel(src);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  assert.unreachable('expected a ConfigError');
  return [];
}

const lxcCase = (pointer: string, value: unknown): string[] => problems(sources({ lxc: setAt(sampleLxc(), pointer, value) }));
const vmCase = (pointer: string, value: unknown): string[] => problems(sources({ vm: setAt(sampleVm(), pointer, value) }));

test('the samples are valid', () => {
  assert.is(buildModel(sources()).guests.size, 4);
});

test('wrong type: memory_mb as a string', () => {
  assert.equal(lxcCase('/lxc_configs/900/memory_mb', '2048'), [`${L}: /lxc_configs/900/memory_mb: must be integer`]);
});

test('non-integer and out-of-range sizes', () => {
  assert.equal(lxcCase('/lxc_configs/900/cores', 1.5), [`${L}: /lxc_configs/900/cores: must be integer`]);
  assert.equal(lxcCase('/lxc_configs/900/storage_size_gb', 0), [`${L}: /lxc_configs/900/storage_size_gb: must be >= 1`]);
  assert.equal(vmCase('/vms/1/disk_size_gb', -5), [`${V}: /vms/1/disk_size_gb: must be >= 1`]);
  assert.equal(lxcCase('/lxc_configs/900/memory_mb', 8), [`${L}: /lxc_configs/900/memory_mb: must be >= 16`]);
});

test('ids out of range: CTID key and vmid', () => {
  const lxc = sampleLxc();
  setAt(lxc, '/lxc_configs/99', lxc.lxc_configs['900']);
  assert.equal(problems(sources({ lxc })), [`${L}: /lxc_configs/99: property name must be a guest id: a digit string 100..999999999`]);
  assert.equal(vmCase('/vms/0/vmid', 1000000000), [`${V}: /vms/0/vmid: must be <= 999999999`]);
  assert.equal(vmCase('/vms/0/vmid', '9000'), [`${V}: /vms/0/vmid: must be integer`]);
});

test('bad MAC address (malformed or multicast)', () => {
  const line = `${L}: /lxc_configs/900/mac_address: must be a unicast MAC address like 52:54:00:AA:BB:CC`;
  assert.equal(lxcCase('/lxc_configs/900/mac_address', '52:54:00:AA:BB'), [line]);
  assert.equal(lxcCase('/lxc_configs/900/mac_address', '01:00:5E:00:00:01'), [line]);
});

test('network_config.ip must be CIDR or dhcp; gw must be IPv4', () => {
  const ip = `${L}: /lxc_configs/900/network_config/ip: must be "dhcp" or an IPv4 address in CIDR form like 10.0.0.5/24`;
  assert.equal(lxcCase('/lxc_configs/900/network_config/ip', '10.0.0.200'), [ip]);
  assert.equal(lxcCase('/lxc_configs/900/network_config/ip', '10.0.0.300/24'), [ip]);
  assert.equal(lxcCase('/lxc_configs/900/network_config/gw', '10.0.0'), [`${L}: /lxc_configs/900/network_config/gw: must be an IPv4 address`]);
  assert.equal(vmCase('/vms/1/network_config/ip', 'static'), [`${V}: /vms/1/network_config/ip: must be "dhcp" or an IPv4 address in CIDR form like 10.0.0.5/24`]);
});

test('clone_from_ctid must be a digit string', () => {
  assert.equal(lxcCase('/lxc_configs/950/clone_from_ctid', 'nine'), [`${L}: /lxc_configs/950/clone_from_ctid: must be a guest id: a digit string 100..999999999`]);
  assert.equal(lxcCase('/lxc_configs/950/clone_from_ctid', 900), [`${L}: /lxc_configs/950/clone_from_ctid: must be string`]);
});

test('missing required fields of a container and a VM', () => {
  for (const field of ['name', 'memory_mb', 'cores', 'storage_pool', 'storage_size_gb', 'network_config']) {
    assert.equal(problems(sources({ lxc: removeAt(sampleLxc(), `/lxc_configs/950/${field}`) })), [`${L}: /lxc_configs/950: must have required property '${field}'`]);
  }
  assert.equal(problems(sources({ vm: removeAt(sampleVm(), '/vms/1/name') })), [`${V}: /vms/1: must have required property 'name'`]);
  assert.equal(problems(sources({ vm: removeAt(sampleVm(), '/vms/1/vmid') })), [`${V}: /vms/1: must have required property 'vmid'`]);
});

test('firewall rules: unknown type and action name the allowed values', () => {
  const rule = { type: 'sideways', action: 'ALLOW', proto: 'icmp' };
  assert.equal(lxcCase('/lxc_configs/900/firewall', { enabled: true, rules: [rule] }), [
    `${L}: /lxc_configs/900/firewall/rules/0/action: must be one of: ACCEPT, DROP, REJECT`,
    `${L}: /lxc_configs/900/firewall/rules/0/type: must be one of: in, out, group`,
  ]);
  // a group rule's action is a group name, so ACCEPT-style enums do not apply
  assert.equal(buildModel(sources({ lxc: setAt(sampleLxc(), '/lxc_configs/900/firewall', { enabled: true, rules: [{ type: 'group', action: 'webservers' }] }) })).guests.size, 4);
});

test('feature names are [A-Za-z0-9_.-]+', () => {
  assert.equal(lxcCase('/lxc_configs/900/features/0', 'base setup;rm'), [`${L}: /lxc_configs/900/features/0: must be a feature name of letters, digits, _ . -`]);
});

test('unknown extra fields are allowed in the JSON files, not in the inventory', () => {
  assert.is(buildModel(sources({ lxc: setAt(sampleLxc(), '/lxc_configs/900/some_future_field', { x: 1 }) })).guests.size, 4);
  const inventory = setAt(sampleInventory(), '/nodes/pve/identityfile', '~/.ssh/id');
  assert.equal(problems(sources({ inventory })), [`inventory: /nodes/pve: must NOT have additional property 'identityfile'`]);
});

test('hypervisor file: typed where setup needs it', () => {
  const hv = setAt(sampleHypervisor(), '/zfs', { pools: [{ name: 'tank', raid_level: 'raid5', disks: ['/dev/sda'] }] });
  assert.equal(problems(sources({ hypervisor: hv })), [`${H}: /zfs/pools/0/raid_level: must be one of: single, stripe, mirror, raidz, raidz1, raidz2, raidz3`]);
});

test('several problems across files come back at once, one line each', () => {
  const lxc = sampleLxc();
  setAt(lxc, '/lxc_configs/900/memory_mb', '2048');
  setAt(lxc, '/lxc_configs/950/network_config/gw', 'gateway');
  removeAt(lxc, '/lxc_configs/950/cores');
  const vm = setAt(sampleVm(), '/vms/0/is_template', 'yes');
  assert.equal(problems(sources({ lxc, vm })), [
    `${L}: /lxc_configs/900/memory_mb: must be integer`,
    `${L}: /lxc_configs/950: must have required property 'cores'`,
    `${L}: /lxc_configs/950/network_config/gw: must be an IPv4 address`,
    `${V}: /vms/0/is_template: must be boolean`,
  ]);
});

test('health_check.command: string or argv array', () => {
  assert.equal(lxcCase('/lxc_configs/900/health_check', { command: 7 }), [
    `${L}: /lxc_configs/900/health_check/command: must be a command line string or a non-empty array of strings (argv)`,
  ]);
  assert.is(buildModel(sources({ lxc: setAt(sampleLxc(), '/lxc_configs/900/health_check', { command: ['curl', '-f', 'http://x'] }) })).guests.size, 4);
});

test.run();
