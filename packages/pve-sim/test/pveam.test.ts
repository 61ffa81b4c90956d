// pveam (pve-manager PVE/CLI/pveam.pm): the appliance index, template downloads into a storage's vztmpl
// directory, the listing; and GET /nodes/{node}/network, the node's bridges (PVE/API2/Network.pm `index`).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeSimState } from '../src/harness.js';

const UBUNTU = 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst';
const sim = makeSimState();
test.after(() => sim.cleanup());

test('download before the index is fetched: "no such template", exit 2, after load_data\'s warnings (as the real node)', () => {
  const r = sim.run(['pveam', 'download', 'local', UBUNTU]);
  assert.is(r.code, 2);
  assert.is(r.stderr, "unable to open file '/var/lib/pve-manager/apl-info/download.proxmox.com' - No such file or directory\n"
    + "unable to open file '/var/lib/pve-manager/apl-info/releases.turnkeylinux.org' - No such file or directory\n"
    + '400 Parameter verification failed.\ntemplate: no such template\npveam download <storage> <template>\n');
});

test('update, then available lists the system templates with their architecture', () => {
  assert.equal(sim.run(['pveam', 'update']), { code: 0, stdout: 'update successful\n', stderr: '' });
  const lines = sim.run(['pveam', 'available', '--section', 'system']).stdout.trimEnd().split('\n');
  assert.ok(lines.some((l) => /^system {10}ubuntu-24\.04-standard_24\.04-2_amd64\.tar\.zst +amd64$/.test(l)), lines.join('\n'));
});

test('download lands in <storage path>/template/cache, is listed, and pct create finds it; a second one downloads nothing', () => {
  const r = sim.run(['pveam', 'download', 'local', UBUNTU]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^downloading http://download\\.proxmox\\.com/images/system/${UBUNTU} to /var/lib/vz/template/cache/${UBUNTU}\\n`));
  assert.match(r.stdout, /finished\n$/);
  assert.ok(existsSync(join(sim.dir, 'host/var/lib/vz/template/cache', UBUNTU)));
  assert.match(sim.run(['pveam', 'list', 'local']).stdout, new RegExp(`^NAME {57}SIZE  \\nlocal:vztmpl/debian-12.*\\nlocal:vztmpl/${UBUNTU.replace(/\./g, '\\.')} +\\d+\\.\\d\\dMB\\n$`));
  assert.match(sim.run(['pvesm', 'list', 'local', '--content', 'vztmpl']).stdout, new RegExp(`local:vztmpl/${UBUNTU.replace(/\./g, '\\.')}`));
  const c = sim.run(['pct', 'create', '120', `local:vztmpl/${UBUNTU}`, '--storage', 'local-lvm', '--hostname', 'u']);
  assert.is(c.code, 0, c.stderr);
  assert.match(sim.run(['pveam', 'download', 'local', UBUNTU]).stdout, /no need to download/);
  assert.equal(sim.audit().filter((e) => e.tool === 'pveam').map((e) => [e.argv[1], e.mutating]),
    [['download', true], ['update', true], ['available', false], ['download', true], ['list', false], ['download', true]]);
});

test('refused as apl_download refuses: an unknown storage, one without vztmpl content', () => {
  assert.equal(sim.run(['pveam', 'download', 'nope', UBUNTU]), { code: 255, stdout: '', stderr: "storage 'nope' does not exist\n" });
  assert.equal(sim.run(['pveam', 'download', 'local-lvm', UBUNTU]), { code: 255, stdout: '', stderr: "storage 'local-lvm' does not support templates\n" });
});

test('network: a fresh node has the installer\'s vmbr0; --type any_bridge keeps bridges only; it follows the interfaces file', () => {
  const all = JSON.parse(sim.run(['pvesh', 'get', '/nodes/pve/network', '--output-format', 'json']).stdout) as { iface: string; type: string }[];
  assert.equal(all.map((i) => [i.iface, i.type]), [['eno1', 'eth'], ['vmbr0', 'bridge']]);
  const bridges = JSON.parse(sim.run(['pvesh', 'get', '/nodes/pve/network', '--type', 'any_bridge', '--output-format', 'json']).stdout) as { iface: string; cidr?: string; bridge_ports?: string }[];
  assert.equal(bridges.map((b) => [b.iface, b.cidr, b.bridge_ports]), [['vmbr0', '192.168.100.2/24', 'eno1']]);
  // the keys the real node prints for its vmbr0 (pvesh get /nodes/<n>/network --type any_bridge on ../shared/tools/realpve)
  assert.equal(Object.keys(bridges[0] ?? {}).sort(), ['active', 'address', 'autostart', 'bridge_fd', 'bridge_ports', 'bridge_stp', 'cidr', 'families', 'gateway', 'iface', 'method', 'method6', 'netmask', 'priority', 'type']);
  writeFileSync(join(sim.dir, 'host/etc/network/interfaces'), 'auto lo\niface lo inet loopback\n\nauto vmbr7\niface vmbr7 inet manual\n\tbridge-ports none\n');
  assert.equal((JSON.parse(sim.run(['pvesh', 'get', '/nodes/pve/network', '--type', 'any_bridge', '--output-format', 'json']).stdout) as { iface: string }[]).map((b) => b.iface), ['vmbr7']);
});

test.run();
