// Hostile corpus, schema violations: one case per class of violation, each refused with one line
// `<file>: <JSON path>: <reason>`, exit 1, and no command sent.
import { test } from 'uvu';
import { removeAt, sampleLxc, sampleVm, setAt } from '../helpers/fixtures.js';
import { assertRefused, lxcWith, vmWith, type Spec } from './hostile-helpers.js';

const L = 'phoenix_lxc_configs.json: /lxc_configs/950';
const V = 'phoenix_vm_configs.json: /vms/1';

const cases: [string, Spec, (string | RegExp)[]][] = [
  ['string for an integer (memory_mb: "2048")', { lxc: lxcWith('/lxc_configs/950/memory_mb', '2048') }, [`${L}/memory_mb: must be integer`]],
  ['a float for an integer (cores: 1.5)', { lxc: lxcWith('/lxc_configs/950/cores', 1.5) }, [`${L}/cores: must be integer`]],
  ['integer for a string (name: 42)', { lxc: lxcWith('/lxc_configs/950/name', 42) }, [`${L}/name: must be string`]],
  ['array for an object (network_config: [])', { lxc: lxcWith('/lxc_configs/950/network_config', []) }, [`${L}/network_config: must be object`]],
  ['object for an array (features: {})', { lxc: lxcWith('/lxc_configs/950/features', { base_setup: true }) }, [`${L}/features: must be array`]],
  ['string for a boolean (start_at_boot: "yes")', { lxc: lxcWith('/lxc_configs/950/start_at_boot', 'yes') }, [`${L}/start_at_boot: must be boolean`]],
  ['null for a required integer (memory_mb: null)', { lxc: lxcWith('/lxc_configs/950/memory_mb', null) }, [`${L}/memory_mb: must be integer`]],
  ['null for a whole guest', { lxc: lxcWith('/lxc_configs/950', null) }, [`${L}: must be object`]],
  ['negative (boot_order: -1)', { lxc: lxcWith('/lxc_configs/950/boot_order', -1) }, [`${L}/boot_order: must be >= 0`]],
  ['zero where >= 1 (cores: 0)', { lxc: lxcWith('/lxc_configs/950/cores', 0) }, [`${L}/cores: must be >= 1`]],
  ['too large (cores: 1e12)', { lxc: lxcWith('/lxc_configs/950/cores', 1e12) }, [`${L}/cores: must be <= 8192`]],
  ['too large (VM vmid: 1e10)', { vm: vmWith('/vms/1/vmid', 1e10) }, [`${V}/vmid: must be <= 999999999`]],
  ['bad enum (firewall rule type)', { lxc: lxcWith('/lxc_configs/950/firewall', { rules: [{ type: 'sideways', action: 'ACCEPT' }] }) }, [`${L}/firewall/rules/0/type: must be one of: in, out, group`]],
  ['bad enum (firewall action)', { lxc: lxcWith('/lxc_configs/950/firewall', { rules: [{ type: 'in', action: 'ALLOW' }] }) }, [`${L}/firewall/rules/0/action: must be one of: ACCEPT, DROP, REJECT`]],
  ['bad enum (VM volume type)', { vm: vmWith('/vms/1/volumes', [{ type: 'smb', name: 'a', server: 's', path: '/p', mount_point: '/m' }]) }, [`${V}/volumes/0/type: must be one of: nfs`]],
  ['bad pattern (mac_address multicast)', { lxc: lxcWith('/lxc_configs/950/mac_address', '01:00:5E:00:00:01') }, [new RegExp(`^${L}/mac_address: must be a unicast MAC`)]],
  ['bad pattern (ip without prefix)', { lxc: lxcWith('/lxc_configs/950/network_config/ip', '10.0.0.5') }, [new RegExp(`^${L}/network_config/ip: must be "dhcp" or an IPv4 address`)]],
  ['bad format (gw not an IPv4)', { lxc: lxcWith('/lxc_configs/950/network_config/gw', '10.0.0.256') }, [new RegExp(`^${L}/network_config/gw: must be an IPv4 address`)]],
  ['bad pattern (guest id key "95")', { lxc: setAt(removeAt(sampleLxc(), '/lxc_configs/950'), '/lxc_configs/95', sampleLxc().lxc_configs['950']) }, [/^phoenix_lxc_configs\.json: \/lxc_configs\/95: .*guest id/]],
  ['missing required (name)', { lxc: removeAt(sampleLxc(), '/lxc_configs/950/name') }, [`${L}: must have required property 'name'`]],
  ['missing required (network_config.bridge)', { lxc: removeAt(sampleLxc(), '/lxc_configs/950/network_config/bridge') }, [`${L}/network_config: must have required property 'bridge'`]],
  ['missing required (VM vmid)', { vm: removeAt(sampleVm(), '/vms/1/vmid') }, [`${V}: must have required property 'vmid'`]],
  ['missing required (vm_defaults)', { vm: removeAt(sampleVm(), '/vm_defaults') }, ["phoenix_vm_configs.json: /: must have required property 'vm_defaults'"]],
  ['wrong type in the hypervisor file (domain_name: 5)', { hypervisor: { domain_name: 5 } }, ['phoenix_hypervisor_config.json: /domain_name: must be string']],
];

for (const [name, spec, lines] of cases) test(`schema: ${name}`, () => assertRefused(spec, lines).then(() => undefined));

test('schema: every violation in every file is reported at once, one line each', async () => {
  const lxc = lxcWith('/lxc_configs/900/cores', 0, lxcWith('/lxc_configs/950/memory_mb', 'lots'));
  const vm = vmWith('/vms/0/name', 'has space', vmWith('/vms/1/boot_order', -3));
  await assertRefused({ lxc, vm, hypervisor: { domain_name: [] } }, [
    'phoenix_lxc_configs.json: /lxc_configs/900/cores: must be >= 1',
    `${L}/memory_mb: must be integer`,
    /^phoenix_vm_configs\.json: \/vms\/0\/name: must be a DNS name/,
    `${V}/boot_order: must be >= 0`,
    'phoenix_hypervisor_config.json: /domain_name: must be string',
  ]);
});

test.run();
