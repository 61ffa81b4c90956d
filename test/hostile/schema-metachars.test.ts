// Hostile corpus, metacharacters in pattern-guarded fields that reach commands: for every such field, each of
// `;`, `|`, `$()`, backticks, single/double quote break-outs and a newline is refused by the schema with one
// line `<file>: <JSON path>: …`, exit 1, nothing sent, nothing executed, and no forged output line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sampleLxc, sampleVm, setAt } from '../helpers/fixtures.js';
import { assertNoForgedLine, assertNoMarker, hostileValues, runFresh, type Spec } from './hostile-helpers.js';
import { problemLines } from '../helpers/cli.js';

const RULE = { type: 'in', action: 'ACCEPT', proto: 'tcp', port: '22', source: '10.0.0.0/24', dest: '10.0.0.5', iface: 'net0', comment: 'ssh' };

/** The sample estate with the fields that some cases need, so each case only replaces one value. */
function base(): { lxc: ReturnType<typeof sampleLxc>; vm: ReturnType<typeof sampleVm> } {
  const lxc = sampleLxc();
  Object.assign(lxc.lxc_configs['950']!, {
    mac_address: '52:54:00:AA:BB:CD', pct_options: ['nesting=1'], lxc_options: ['lxc.apparmor.profile: unconfined'],
    firewall: { enabled: true, rules: [{ ...RULE }] }, apparmor_profile: 'unconfined', gpu_assignment: 'none',
    mount_points: [{ host_path: '/srv/share', container_path: '/data' }],
    zfs_volumes: [{ name: 'vol', pool: 'local-lvm', size_gb: 1, mount_point: '/vol' }],
    tests: { smoke: [{ name: 'smoke', path: 'smoke.sh' }] }, node: 'pve',
  });
  lxc.lxc_configs['950']!.network_config = { ...lxc.lxc_configs['950']!.network_config, gw: '10.0.0.1', nameservers: '1.1.1.1' };
  const vm = sampleVm();
  Object.assign(vm.vms[1]!, {
    user_config: { username: 'ops' }, features: ['base_setup'], storage_pool: 'local-lvm', network_bridge: 'vmbr0',
    network_config: { ip: '10.0.0.50/24', gw: '10.0.0.1', nameserver: '1.1.1.1', searchdomain: 'example.test' },
    volumes: [{ type: 'nfs', name: 'data', server: 'nas', path: '/export', mount_point: '/mnt/data' }],
  });
  Object.assign(vm.vms[0]!, { template_snapshot_name: 'base' });
  return { lxc, vm };
}

const ALL = '; | $() `` quotes newline';
const LXC = 'phoenix_lxc_configs.json';
const VM = 'phoenix_vm_configs.json';

/** [file, JSON pointer, a valid value the hostile suffix is appended to, which hostile values (default all)] */
const FIELDS: [typeof LXC | typeof VM, string, string, string[]?][] = [
  [LXC, '/lxc_configs/950/name', 'app'],
  [LXC, '/lxc_configs/950/node', 'pve'],
  [LXC, '/lxc_configs/950/network_config/name', 'eth0'],
  [LXC, '/lxc_configs/950/network_config/bridge', 'vmbr0'],
  [LXC, '/lxc_configs/950/network_config/ip', 'dhcp'],
  [LXC, '/lxc_configs/950/network_config/gw', '10.0.0.1'],
  [LXC, '/lxc_configs/950/network_config/nameservers', '1.1.1.1'],
  [LXC, '/lxc_configs/950/mac_address', '52:54:00:AA:BB:CD'],
  [LXC, '/lxc_configs/950/pct_options/0', 'nesting=1'],
  [LXC, '/lxc_configs/950/lxc_options/0', 'lxc.apparmor.profile: unconfined', ['newline']],
  [LXC, '/lxc_configs/950/apparmor_profile', 'unconfined'],
  [LXC, '/lxc_configs/950/gpu_assignment', '0'],
  [LXC, '/lxc_configs/950/storage_pool', 'local-lvm'],
  [LXC, '/lxc_configs/950/clone_from_ctid', '900'],
  [LXC, '/lxc_configs/950/dependencies/0', '900'],
  [LXC, '/lxc_configs/900/template_snapshot_name', 'final-form'],
  [LXC, '/lxc_configs/900/features/0', 'base_setup'],
  [LXC, '/lxc_configs/950/application_script', 'app950.sh'],
  [LXC, '/lxc_configs/950/tests/smoke/0/path', 'smoke.sh'],
  [LXC, '/lxc_configs/950/firewall/rules/0/source', '10.0.0.0/24'],
  [LXC, '/lxc_configs/950/firewall/rules/0/dest', '10.0.0.5'],
  [LXC, '/lxc_configs/950/firewall/rules/0/port', '22'],
  [LXC, '/lxc_configs/950/firewall/rules/0/proto', 'tcp'],
  [LXC, '/lxc_configs/950/firewall/rules/0/iface', 'net0'],
  [LXC, '/lxc_configs/950/firewall/rules/0/action', 'ACCEPT'],
  [LXC, '/lxc_configs/950/firewall/rules/0/comment', 'ssh', ['newline']],
  [LXC, '/lxc_configs/950/mount_points/0/host_path', '/srv/share', ['newline']],
  [LXC, '/lxc_configs/950/mount_points/0/container_path', '/data', ['newline']],
  [LXC, '/lxc_configs/950/zfs_volumes/0/name', 'vol'],
  [LXC, '/lxc_configs/950/zfs_volumes/0/pool', 'local-lvm'],
  [LXC, '/lxc_configs/950/zfs_volumes/0/mount_point', '/vol', ['newline']],
  [VM, '/vms/1/name', 'worker'],
  [VM, '/vms/1/user_config/username', 'ops'],
  [VM, '/vms/1/network_config/ip', '10.0.0.50/24'],
  [VM, '/vms/1/network_config/gw', '10.0.0.1'],
  [VM, '/vms/1/network_config/nameserver', '1.1.1.1'],
  [VM, '/vms/1/network_config/searchdomain', 'example.test'],
  [VM, '/vms/1/storage_pool', 'local-lvm'],
  [VM, '/vms/1/network_bridge', 'vmbr0'],
  [VM, '/vms/1/features/0', 'base_setup'],
  [VM, '/vms/1/application_script', 'app950.sh'],
  [VM, '/vms/0/template_image', 'noble-server-cloudimg-amd64.img'],
  [VM, '/vms/0/template_snapshot_name', 'base'],
  [VM, '/vms/1/volumes/0/path', '/export', ['newline']],
  [VM, '/vms/1/volumes/0/mount_point', '/mnt/data', ['newline']],
];

async function refusedAt(spec: Spec, file: string, pointer: string, h: { label: string; marker: string }, argv = ['create', '--all']): Promise<void> {
  const { r, audit } = await runFresh(spec, argv);
  const what = `${pointer} (${h.label})`;
  assert.is(r.code, 1, `${what}: exit code\n${r.stdout}${r.stderr}`);
  const prefix = `${file}: ${pointer}: `;
  assert.ok(problemLines(r.stderr).some((l) => l.startsWith(prefix)), `${what}: no line starting with "${prefix}" in:\n${r.stderr}`);
  assert.equal(audit, [], `${what}: an invalid config must send no command`);
  assertNoMarker(h.marker, what);
  assertNoForgedLine(r, h.marker);
}

for (const [file, pointer, valid, only] of FIELDS) {
  test(`${file} ${pointer}: ${only ? only.join(', ') : ALL} refused with its JSON path`, async () => {
    for (const h of hostileValues(valid).filter((x) => !only || only.includes(x.label))) {
      const { lxc, vm } = base();
      if (file === LXC) setAt(lxc, pointer, h.value);
      else setAt(vm, pointer, h.value);
      await refusedAt({ lxc, vm, scripts: { features: ['base_setup'], apps: ['app950.sh'] }, rawFiles: { 'scripts/tests/smoke.sh': '#!/bin/sh\n' } }, file, pointer, h);
    }
  });
}

test('the base of these cases is itself valid (so each refusal is the hostile value\'s doing)', async () => {
  const { lxc, vm } = base();
  const { r, audit } = await runFresh({ lxc, vm, rawFiles: { 'scripts/tests/smoke.sh': '#!/bin/sh\n' } }, ['validate']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(audit, []);
});

for (const [pointer, valid] of [['/inventory/nodes/pve/host', '10.0.0.2'], ['/inventory/nodes/pve/user', 'root'], ['/inventory/nodes/pve/pveNode', 'pve'], ['/inventory/defaultNode', 'pve']] as const) {
  test(`phoenix.config.yaml ${pointer}: ${ALL} refused with its JSON path`, async () => {
    for (const h of hostileValues(valid)) {
      const inventory: Record<string, unknown> = { defaultNode: 'pve', nodes: { pve: { connection: 'ssh', host: '10.0.0.2', user: 'root', pveNode: 'pve' } } };
      setAt(inventory, pointer.replace('/inventory', ''), h.value);
      // `plan` loads and validates the same way but could never open an SSH connection if a value slipped through
      await refusedAt({ inventory }, 'phoenix.config.yaml', pointer, h, ['plan', 'create', '--all']);
    }
  });
}

test.run();
