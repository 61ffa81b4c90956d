// The host facts a node check and an OS template step read, in the one host exec (gather-host.ts), and what they
// cost: a node that has everything answers from files and sysfs alone (no Proxmox tool call); only what is not
// found that way is asked of PVE (`pvesh get /nodes/<node>/network --type any_bridge`, `pvesm list <storage>`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLocalConnection } from '../../src/runner/connections/local.js';
import { gatherHostFacts, hostArgv, mergeHostFacts } from '../../src/runner/facts/gather-host.js';
import { parseBridges, parsePvesmList } from '../../src/runner/facts/parse-host.js';
import { emptyHostFacts } from '../../src/tasks/host/host-facts.js';
import { emptyQuery, mergeQueries } from '../../src/tasks/host/query.js';
import { readAudit, simBinDir, simNodeEnv, simNodeSpec } from '../helpers/sim.js';

const DEBIAN = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const UBUNTU = 'local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst';

test('bridges from the API: the iface of each entry (Linux, OVS and SDN vnets alike); not that JSON -> unknown', () => {
  const body = JSON.stringify([{ iface: 'vmbr0', type: 'bridge', active: 1, bridge_ports: 'eno1' }, { iface: 'vnet1', type: 'vnet' }, { iface: 'ovsbr1', type: 'OVSBridge' }]);
  assert.equal(parseBridges(body), ['ovsbr1', 'vmbr0', 'vnet1']);
  assert.equal(parseBridges('[]'), []);
  assert.is(parseBridges('hostname lookup failed'), null);
});

test('pvesm list: the volids under its header', () => {
  const out = 'Volid                                                    Format  Type      Size VMID\n'
    + 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst     tar.zst vztmpl 126236544 \n';
  assert.equal(parsePvesmList(out), [DEBIAN]);
  assert.equal(parsePvesmList('Volid Format  Type      Size VMID\n'), []);
});

test('bridges, template volids and the Proxmox node name travel as arguments, never inside the script', () => {
  const argv = hostArgv(simNodeSpec('pve', '/tmp/x', { node: 'pve-real' }), mergeQueries([{ storageConfig: true, bridges: ['vmbr0', "it's"], templates: [DEBIAN] }]));
  assert.equal(argv.slice(-5), ['0', '1', "vmbr0\nit's", DEBIAN, 'pve-real']);
});

async function onSim(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-host-needs-'));
  try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

test('against the simulator: what is there is found without a Proxmox tool call; the rest is asked of PVE', () => onSim(async (dir) => {
  const spec = simNodeSpec('pve', dir);
  const conn = createLocalConnection('pve', simNodeEnv(dir), { path: [simBinDir] });
  const q = { ...emptyQuery(), storageConfig: true, bridges: ['vmbr0'], templates: [DEBIAN] };
  await gatherHostFacts(conn, spec, q); // the node's first call initialises it
  mkdirSync(join(dir, 'host/sys/class/net/vmbr0'), { recursive: true });
  const before = readAudit(dir).length;
  const h = await gatherHostFacts(conn, spec, q);
  assert.equal(h.bridges, { vmbr0: true });
  assert.equal(h.templates, { [DEBIAN]: true });
  assert.is(h.storages['local']?.props['path'], '/var/lib/vz');
  assert.equal(readAudit(dir).slice(before).map((e) => e.argv.join(' ')), [], 'files and sysfs only');
  // a bridge not in sysfs, a template not in its directory: the API is asked, once each
  const more = await gatherHostFacts(conn, spec, { ...q, bridges: ['vmbr0', 'vmbr9'], templates: [DEBIAN, UBUNTU] });
  assert.equal(more.bridges, { vmbr0: true, vmbr9: false });
  assert.equal(more.templates, { [DEBIAN]: true, [UBUNTU]: false });
  assert.equal(readAudit(dir).slice(before).map((e) => e.argv.slice(0, 3).join(' ')), ['pvesh get /nodes/pve/network', 'pvesm list local']);
}));

test('a template on a storage whose directory is elsewhere (or unknown): pvesm list decides', () => onSim(async (dir) => {
  const spec = simNodeSpec('pve', dir);
  const conn = createLocalConnection('pve', simNodeEnv(dir), { path: [simBinDir] });
  await gatherHostFacts(conn, spec, { ...emptyQuery(), storageConfig: true });
  // the sim keeps a shared storage's files in its cluster dir, not under the path storage.cfg names
  writeFileSync(join(dir, 'etc/pve/storage.cfg'), 'dir: local\n\tpath /var/lib/vz\n\tcontent iso,vztmpl,backup\n\tshared 1\n\n');
  mkdirSync(join(dir, 'etc/pve/.sim/shared-fs/local/template/cache'), { recursive: true });
  writeFileSync(join(dir, 'etc/pve/.sim/shared-fs/local/template/cache/ubuntu-24.04-standard_24.04-2_amd64.tar.zst'), 'x\n');
  const h = await gatherHostFacts(conn, spec, { ...emptyQuery(), storageConfig: true, templates: [UBUNTU, 'nope:vztmpl/x.tar.zst'] });
  assert.equal(h.templates, { [UBUNTU]: true, 'nope:vztmpl/x.tar.zst': null });
}));

test('storage.cfg unreadable: pvesm status stands in (the storages are known, their content is not)', () => onSim(async (dir) => {
  const spec = simNodeSpec('pve', dir, { extra: { pveRoot: '/nonexistent/etc/pve' } });
  const conn = createLocalConnection('pve', simNodeEnv(dir), { path: [simBinDir] });
  const h = await gatherHostFacts(conn, spec, { ...emptyQuery(), storageConfig: true });
  assert.equal(h.storages['local-lvm'], { type: 'lvmthin', props: {}, status: 'active' });
}));

test('a re-read replaces what it read again, and only that', () => {
  const into = { ...emptyHostFacts(), bridges: { vmbr0: true }, templates: { [DEBIAN]: true, [UBUNTU]: false } };
  const again = mergeHostFacts(into, { ...emptyHostFacts(), templates: { [UBUNTU]: true } }, { ...emptyQuery(), templates: [UBUNTU] });
  assert.equal(again.templates, { [DEBIAN]: true, [UBUNTU]: true });
  assert.equal(again.bridges, { vmbr0: true });
});

test.run();
