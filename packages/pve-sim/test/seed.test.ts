// seedClones: replicas of a clone made the ordinary way (pct clone --target + pct set + pct start) behave like
// clones the simulator's own commands made: listed, running on their node, their volumes registered and copied,
// destroyable; a taken id refuses the whole batch; local-storage volumes land on the replica's node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';
import { renameVolname, seedClones } from '../src/seed.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const base = mkdtempSync(join(tmpdir(), 'pve-sim-seed-'));
const pveDir = join(base, 'pve');
const pve1 = makeSimState({ node: 'pve1', pveDir });
const pve2 = makeSimState({ node: 'pve2', pveDir });
const nodes = [{ node: 'pve1', stateDir: pve1.dir, pveDir }, { node: 'pve2', stateDir: pve2.dir, pveDir }];
const confFile = (node: string, id: string): string => join(pveDir, 'nodes', node, 'lxc', `${id}.conf`);

function ok(r: { code: number; stdout: string; stderr: string }): string {
  assert.is(r.code, 0, r.stderr);
  return r.stdout;
}

/** The config without the lines a clone changes (hostname, hwaddr in net0, the rootfs volume). */
const stable = (text: string): string[] => text.split('\n').filter((l) => !/^(hostname|rootfs):/.test(l)).map((l) => l.replace(/hwaddr=[^,]+/, 'hwaddr=X'));

test.before(() => {
  ok(pve2.run(['pvesm', 'status'])); // pve2 joins the cluster
  ok(pve1.run(['pvesm', 'add', 'rbd', 'ceph', '--pool', 'rbd', '--content', 'images,rootdir']));
  ok(pve1.run(['pct', 'create', '900', TPL, '--rootfs', 'ceph:2', '--hostname', 'ct900', '--net0', 'name=eth0,bridge=vmbr0,ip=dhcp']));
  ok(pve1.run(['pct', 'start', '900']));
  ok(pve1.run(['pct', 'exec', '900', '--', 'sh', '-c', 'echo from-900 > /root/marker']));
  ok(pve1.run(['pct', 'snapshot', '900', 'base']));
  ok(pve1.run(['pct', 'clone', '900', '901', '--snapname', 'base', '--hostname', 'ct901', '--storage', 'ceph', '--target', 'pve2']));
  ok(pve2.run(['pct', 'set', '901', '--onboot', '1', '--startup', 'order=1', '--tags', 'phoenix']));
  ok(pve2.run(['pct', 'start', '901']));
});
test.after(() => {
  pve1.cleanup();
  pve2.cleanup();
  rmSync(base, { recursive: true, force: true });
});

test('renameVolname: the vmid segment and vm-/subvol- leaves, never a base volume or a longer id', () => {
  assert.is(renameVolname('vm-901-disk-0', '901', '1234'), 'vm-1234-disk-0');
  assert.is(renameVolname('subvol-901-disk-2', '901', '1234'), 'subvol-1234-disk-2');
  assert.is(renameVolname('base-900-disk-0/vm-901-disk-1', '901', '1234'), 'base-900-disk-0/vm-1234-disk-1');
  assert.is(renameVolname('901/vm-901-disk-0.raw', '901', '1234'), '1234/vm-1234-disk-0.raw');
  assert.is(renameVolname('vm-9010-disk-0', '901', '1234'), 'vm-9010-disk-0');
});

test('replicas on both nodes: the prototype config with their own hostname, MAC and volume; running where they live', async () => {
  await seedClones({ nodes, prototype: '901', clones: [{ vmid: '902', node: 'pve1' }, { vmid: '903', node: 'pve2', hostname: 'web903' }] });
  const proto = readFileSync(confFile('pve2', '901'), 'utf8');
  const c902 = ok(pve1.run(['pct', 'config', '902']));
  const c903 = ok(pve2.run(['pct', 'config', '903']));
  assert.equal(stable(c902), stable(ok(pve2.run(['pct', 'config', '901']))));
  assert.equal(stable(c903), stable(c902));
  assert.match(c902, /^hostname: ct902$/m);
  assert.match(c903, /^hostname: web903$/m);
  assert.match(c902, /^rootfs: ceph:vm-902-disk-0,size=2G$/m);
  assert.match(c903, /^rootfs: ceph:vm-903-disk-0,size=2G$/m);
  const macs = [proto, c902, c903].map((t) => /hwaddr=([0-9A-F:]+)/.exec(t)?.[1]);
  assert.equal(macs.map((m) => /^BC:24:11(:[0-9A-F]{2}){3}$/.test(m ?? '')), [true, true, true]);
  assert.is(new Set(macs).size, 3, 'every replica has its own MAC');
  assert.is(ok(pve1.run(['pct', 'status', '902'])), 'status: running\n');
  assert.is(ok(pve2.run(['pct', 'status', '903'])), 'status: running\n');
  assert.is(ok(pve1.run(['pct', 'exec', '902', '--', 'cat', '/root/marker'])), 'from-900\n', 'the rootfs is copied');
  const list = ok(pve1.run(['pvesm', 'list', 'ceph']));
  assert.match(list, /^ceph:vm-902-disk-0 +raw +rootdir +2147483648 902$/m);
  assert.match(list, /^ceph:vm-903-disk-0 +raw +rootdir +2147483648 903$/m);
  const vms = JSON.parse(ok(pve1.run(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json']))) as Array<Record<string, unknown>>;
  const by = new Map(vms.map((v) => [v['vmid'], [v['node'], v['status'], v['name']]]));
  assert.equal(by.get(902), ['pve1', 'running', 'ct902']);
  assert.equal(by.get(903), ['pve2', 'running', 'web903']);
  const vmlist = readFileSync(join(pveDir, '.vmlist'), 'utf8');
  assert.match(vmlist, /"902": \{ "node": "pve1", "type": "lxc"/);
  assert.match(vmlist, /"903": \{ "node": "pve2", "type": "lxc"/);
});

test('a replica is an ordinary guest: stop and destroy free its volume', () => {
  ok(pve2.run(['pct', 'stop', '903']));
  ok(pve2.run(['pct', 'destroy', '903']));
  assert.not.match(ok(pve1.run(['pvesm', 'list', 'ceph'])), /vm-903-disk-0/);
  assert.not.ok(existsSync(join(pveDir, '.sim/shared-volumes/ceph/vm-903-disk-0')));
  assert.match(ok(pve1.run(['pvesm', 'list', 'ceph'])), /vm-902-disk-0/, 'the other replica keeps its volume');
});

test('an id already in use refuses the whole batch before writing anything', async () => {
  let error: unknown;
  try {
    await seedClones({ nodes, prototype: '901', clones: [{ vmid: '905', node: 'pve1' }, { vmid: '900', node: 'pve2' }] });
  } catch (e) { error = e; }
  assert.match(String(error), /CT 900 already exists/);
  assert.not.ok(existsSync(confFile('pve1', '905')));
  assert.not.match(ok(pve1.run(['pvesm', 'list', 'ceph'])), /vm-905-disk-0/);
});

test('a prototype on local storage: the replica on another node gets its volume on that node', async () => {
  ok(pve1.run(['pct', 'clone', '900', '910', '--snapname', 'base', '--hostname', 'ct910', '--storage', 'local-lvm']));
  await seedClones({ nodes, prototype: '910', clones: [{ vmid: '911', node: 'pve2' }] });
  assert.is(ok(pve2.run(['pct', 'status', '911'])), 'status: stopped\n', 'the prototype is stopped, so is the replica');
  assert.match(ok(pve2.run(['pvesm', 'list', 'local-lvm'])), /^local-lvm:vm-911-disk-0 +raw +rootdir +2147483648 911$/m);
  assert.not.match(ok(pve1.run(['pvesm', 'list', 'local-lvm'])), /vm-911-disk-0/);
  assert.ok(existsSync(join(pve2.dir, 'volumes', 'local-lvm', 'vm-911-disk-0', 'root', 'marker')));
});

test('refused prototypes: a template, one with snapshots, a missing one', async () => {
  const refusal = async (proto: string): Promise<string> => {
    try { await seedClones({ nodes, prototype: proto, clones: [{ vmid: '920', node: 'pve1' }] }); } catch (e) { return String(e); }
    return 'no error';
  };
  assert.match(await refusal('900'), /prototype 900 has snapshots/);
  ok(pve1.run(['pct', 'template', '910']));
  assert.match(await refusal('910'), /prototype 910 is a template/);
  assert.match(await refusal('999'), /prototype 999 does not exist/);
  assert.not.ok(existsSync(confFile('pve1', '920')));
});

test.run();
