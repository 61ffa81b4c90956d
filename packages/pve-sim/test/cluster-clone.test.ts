// A two-node simulated cluster (two state dirs, one shared pmxcfs dir): clones with --target onto shared
// storage, PVE's refusals for local storage and unknown nodes, and guests that live on the other node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const base = mkdtempSync(join(tmpdir(), 'pve-sim-cluster-'));
const pveDir = join(base, 'pve');
const pve1 = makeSimState({ node: 'pve1', pveDir });
const pve2 = makeSimState({ node: 'pve2', pveDir });
const conf = (node: string, dir: string, id: string): string => join(pveDir, 'nodes', node, dir, `${id}.conf`);

function ok(r: { code: number; stdout: string; stderr: string }): string {
  assert.is(r.code, 0, r.stderr);
  return r.stdout;
}

test.before(() => {
  ok(pve2.run(['pvesm', 'status'])); // pve2 joins the cluster
  ok(pve1.run(['pvesm', 'add', 'rbd', 'ceph', '--pool', 'rbd', '--content', 'images,rootdir']));
  ok(pve1.run(['pct', 'create', '900', TPL, '--rootfs', 'ceph:2', '--hostname', 'src']));
  ok(pve1.run(['pct', 'create', '901', TPL, '--rootfs', 'local-lvm:1', '--hostname', 'loc']));
  ok(pve1.run(['pct', 'start', '900']));
  ok(pve1.run(['pct', 'exec', '900', '--', 'sh', '-c', 'echo from-900 > /root/marker']));
  ok(pve1.run(['pct', 'snapshot', '900', 'base']));
});
test.after(() => {
  pve1.cleanup();
  pve2.cleanup();
  rmSync(base, { recursive: true, force: true });
});

test('pct clone --target: runs on the source node, config lands on the target, stopped, its root visible there', () => {
  const out = ok(pve1.run(['pct', 'clone', '900', '951', '--snapname', 'base', '--hostname', 'c951', '--storage', 'ceph', '--target', 'pve2']));
  assert.is(out, 'creating a clone of container 900 with ID 951\ncreate full clone of mountpoint rootfs (ceph:vm-900-disk-0)\n');
  assert.ok(existsSync(conf('pve2', 'lxc', '951')));
  assert.not.ok(existsSync(conf('pve1', 'lxc', '951')));
  assert.match(readFileSync(conf('pve2', 'lxc', '951'), 'utf8'), /^hostname: c951$/m);
  assert.is(ok(pve2.run(['pct', 'status', '951'])), 'status: stopped\n');
  ok(pve2.run(['pct', 'start', '951']));
  assert.is(ok(pve2.run(['pct', 'exec', '951', '--', 'cat', '/root/marker'])), 'from-900\n');
  assert.ok(existsSync(join(pveDir, '.sim/shared-volumes/ceph/vm-951-disk-0/root/marker')), 'shared volumes live in the pmxcfs dir');
  assert.ok(existsSync(join(pveDir, '.sim/shared-snapshots/ceph/vm-900-disk-0/base/root/marker')));
});

test('a guest of the other node: config not found on this node, not running here, its id taken cluster-wide', () => {
  let r = pve1.run(['pct', 'start', '951']);
  assert.equal([r.code, r.stderr], [255, "Configuration file 'nodes/pve1/lxc/951.conf' does not exist\n"]);
  r = pve1.run(['pct', 'status', '951']);
  assert.equal([r.code, r.stderr], [2, "Configuration file 'nodes/pve1/lxc/951.conf' does not exist\n"]);
  r = pve1.run(['pct', 'exec', '951', '--', 'true']);
  assert.equal([r.code, r.stderr], [2, "Configuration file 'nodes/pve1/lxc/951.conf' does not exist\n"]);
  r = pve1.run(['pct', 'stop', '951']);
  assert.equal([r.code, r.stderr], [255, 'CT 951 not running\n']);
  r = pve1.run(['pct', 'create', '951', TPL, '--rootfs', 'local-lvm:1']);
  assert.equal([r.code, r.stderr], [255, "CT 951 already exists on node 'pve2'\n"]);
  assert.not.match(ok(pve1.run(['pct', 'list'])), /951/);
  assert.match(ok(pve2.run(['pct', 'list'])), /^951 +running +c951/m);
  assert.is(ok(pve2.run(['pct', 'status', '951'])), 'status: running\n', 'still running on pve2');
});

test('pct clone --target refusals: local volume, non-shared --storage, unknown or invalid node; nothing written', () => {
  let r = pve1.run(['pct', 'clone', '901', '952', '--target', 'pve2']);
  assert.equal([r.code, r.stdout, r.stderr], [255, '', "found non-shared volume: local-lvm:vm-901-disk-0\ncan't clone CT to node 'pve2' (CT uses local storage)\n"]);
  r = pve1.run(['pct', 'clone', '900', '952', '--snapname', 'base', '--storage', 'local-lvm', '--target', 'pve2']);
  assert.equal([r.code, r.stderr], [255, "can't clone to non-shared storage 'local-lvm'\n"]);
  r = pve1.run(['pct', 'clone', '901', '952', '--target', 'pve9']);
  assert.equal([r.code, r.stderr], [255, "no such cluster node 'pve9'\n"]);
  r = pve1.run(['pct', 'clone', '901', '952', '--target', 'bad_name']);
  assert.equal([r.code, r.stderr], [255, '400 Parameter verification failed.\ntarget: invalid format - value does not look like a valid node name\n\npct clone <vmid> <newid> [OPTIONS]\n']);
  for (const n of ['pve1', 'pve2']) assert.not.ok(existsSync(conf(n, 'lxc', '952')));
});

test('pct clone: --storage on shared storage allows --target from a local source (as PVE); --target self is a local clone', () => {
  ok(pve1.run(['pct', 'clone', '901', '953', '--storage', 'ceph', '--target', 'pve2']));
  assert.match(readFileSync(conf('pve2', 'lxc', '953'), 'utf8'), /^rootfs: ceph:vm-953-disk-0,size=1G$/m);
  ok(pve1.run(['pct', 'clone', '901', '954', '--target', 'pve1']));
  assert.ok(existsSync(conf('pve1', 'lxc', '954')));
});

test('qm clone --target: linked clone of a shared template on the target; local disks and --storage refused', () => {
  ok(pve1.run(['qm', 'create', '9000', '--scsi0', 'ceph:1', '--name', 'tpl']));
  ok(pve1.run(['qm', 'template', '9000']));
  const out = ok(pve1.run(['qm', 'clone', '9000', '9100', '--name', 'vm9100', '--target', 'pve2']));
  assert.is(out, 'creating a clone of VM 9000 with ID 9100\ncreate linked clone of drive scsi0 (ceph:base-9000-disk-0)\n');
  assert.match(readFileSync(conf('pve2', 'qemu-server', '9100'), 'utf8'), /^scsi0: ceph:base-9000-disk-0\/vm-9100-disk-0,size=1G$/m);
  ok(pve2.run(['qm', 'start', '9100']));
  let r = pve1.run(['qm', 'start', '9100']);
  assert.equal([r.code, r.stderr], [2, "Configuration file 'nodes/pve1/qemu-server/9100.conf' does not exist\n"]);
  ok(pve1.run(['qm', 'create', '9001', '--scsi0', 'local-lvm:1', '--name', 'loc']));
  r = pve1.run(['qm', 'clone', '9001', '9101', '--full', '1', '--target', 'pve2']);
  assert.equal([r.code, r.stderr], [255, "can't clone VM to node 'pve2' (VM uses local storage)\n"]);
  r = pve1.run(['qm', 'clone', '9000', '9101', '--full', '1', '--storage', 'local-lvm', '--target', 'pve2']);
  assert.equal([r.code, r.stderr], [255, "can't clone to non-shared storage 'local-lvm'\n"]);
  r = pve1.run(['qm', 'clone', '9000', '9101', '--target', 'nope']);
  assert.equal([r.code, r.stderr], [255, "no such cluster node 'nope'\n"]);
  assert.not.ok(existsSync(conf('pve2', 'qemu-server', '9101')));
});

test('shared storage: the same volumes and usage on every member; local storages stay per node', () => {
  const list1 = ok(pve1.run(['pvesm', 'list', 'ceph']));
  assert.is(ok(pve2.run(['pvesm', 'list', 'ceph'])), list1);
  assert.match(list1, /^ceph:vm-951-disk-0 +raw +rootdir +2147483648 951$/m);
  const row = (out: string, id: string): string[] => (out.split('\n').find((l) => l.startsWith(`${id} `)) ?? '').trim().split(/\s+/);
  const s1 = ok(pve1.run(['pvesm', 'status']));
  const s2 = ok(pve2.run(['pvesm', 'status']));
  assert.equal(row(s1, 'ceph'), row(s2, 'ceph'));
  assert.equal(row(s1, 'ceph').slice(0, 3), ['ceph', 'rbd', 'active']);
  assert.is.not(row(s1, 'local-lvm')[4], '0', 'pve1 has volumes on its local-lvm');
  assert.is(row(s2, 'local-lvm')[4], '0', "pve2's local-lvm is its own: empty");
  const res = JSON.parse(ok(pve2.run(['pvesh', 'get', '/cluster/resources', '--type', 'storage', '--output-format', 'json']))) as Array<Record<string, unknown>>;
  assert.equal(res.filter((e) => e['storage'] === 'ceph').map((e) => [e['node'], e['shared']]), [['pve1', 1], ['pve2', 1]]);
  assert.equal(res.filter((e) => e['storage'] === 'local-lvm').map((e) => e['shared']), [0, 0]);
});

test('/cluster/resources from either node: each guest on its node with its run state', () => {
  for (const sim of [pve1, pve2]) {
    const vms = JSON.parse(ok(sim.run(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json']))) as Array<Record<string, unknown>>;
    const by = new Map(vms.map((v) => [v['vmid'], [v['node'], v['status']]]));
    assert.equal(by.get(900), ['pve1', 'running']);
    assert.equal(by.get(951), ['pve2', 'running']);
    assert.equal(by.get(953), ['pve2', 'stopped']);
    assert.equal(by.get(9100), ['pve2', 'running']);
  }
});

test('a template on a shared file storage is found from every node', () => {
  ok(pve1.run(['pvesm', 'add', 'nfs', 'nas', '--server', '10.0.0.9', '--export', '/tank', '--content', 'vztmpl,rootdir']));
  const cache = join(pveDir, '.sim/shared-fs/nas/template/cache');
  assert.ok(existsSync(cache), 'pvesm add prepares the shared directory');
  ok(pve1.run(['cp', join(pve1.dir, 'host/var/lib/vz/template/cache/debian-12-standard_12.7-1_amd64.tar.zst'), join(cache, 'alpine.tar.zst')]));
  assert.match(ok(pve2.run(['pvesm', 'list', 'nas'])), /^nas:vztmpl\/alpine\.tar\.zst +tar\.zst +vztmpl/m);
  const out = ok(pve2.run(['pct', 'create', '960', 'nas:vztmpl/alpine.tar.zst', '--rootfs', 'nas:1']));
  assert.match(out, /^extracting archive '\/mnt\/pve\/nas\/template\/cache\/alpine\.tar\.zst'$/m);
  assert.ok(existsSync(conf('pve2', 'lxc', '960')));
});

test.run();
