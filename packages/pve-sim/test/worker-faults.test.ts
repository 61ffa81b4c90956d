// Fault kinds `workerError` (a failed worker: exit 0 for the commands registered without `$upid_exit`) and
// `cfsLock` (PVE/Cluster.pm `$cfs_lock` timeout texts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';
import { failureKind } from '../src/core/worker-exit.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const sim = makeSimState();
test.after(() => sim.cleanup());
const ct = (id: string): string => readFileSync(join(sim.dir, 'etc/pve/nodes/pve/lxc', `${id}.conf`), 'utf8');
const vm = (id: string): string => readFileSync(join(sim.dir, 'etc/pve/nodes/pve/qemu-server', `${id}.conf`), 'utf8');
let n = 0;
/** Run argv with these rules (a fresh rules file, so counters start at 0). */
function withRules(rules: unknown[], argv: string[]): { code: number; stdout: string; stderr: string } {
  const file = join(sim.dir, `faults-${n++}.json`);
  writeFileSync(file, JSON.stringify(rules));
  return sim.run(argv, { env: { PVE_SIM_FAULTS: file } });
}
const LV_ERR = "command '/sbin/lvextend -L5242880k pve/vm-950-disk-0' failed: exit code 5\n";

test.before(() => {
  assert.is(sim.run(['pct', 'create', '950', TPL, '--storage', 'local-lvm']).code, 0);
  assert.is(sim.run(['qm', 'create', '1000', '--scsi0', 'local-lvm:4']).code, 0);
});

test('which commands exit 0 when their worker fails (PVE/CLI/pct.pm, qm.pm $cmddef without $upid_exit)', () => {
  assert.equal(['pct resize 1 rootfs 5G', 'pct template 1', 'qm template 1', 'qm resize 1 scsi0 5G', 'qm disk resize 1 scsi0 5G',
    'pct clone 1 2', 'qm start 1', 'pct set 1', 'qm set 1'].map((c) => failureKind(c.split(' '))),
  ['worker-exit-0', 'worker-exit-0', 'worker-exit-0', 'worker-exit-0', 'worker-exit-0', 'worker', 'worker', 'direct', 'direct']);
});

test('workerError on pct resize: the error on stderr, exit 0, the disk unchanged', () => {
  const r = withRules([{ match: ['pct', 'resize'], workerError: LV_ERR }], ['pct', 'resize', '950', 'rootfs', '5G']);
  assert.equal([r.code, r.stderr], [0, LV_ERR]);
  assert.match(ct('950'), /^rootfs: local-lvm:vm-950-disk-0,size=4G$/m);
});

test('workerError on qm resize / qm disk resize / qm template: exit 0, nothing changed', () => {
  let r = withRules([{ match: ['qm', 'resize'], workerError: 'lvextend failed\nsecond line' }], ['qm', 'resize', '1000', 'scsi0', '+1G']);
  assert.equal([r.code, r.stderr], [0, 'lvextend failed second line\n']);
  r = withRules([{ match: ['qm', 'disk', 'resize'], workerError: 'boom' }], ['qm', 'disk', 'resize', '1000', 'scsi0', '8G']);
  assert.equal([r.code, r.stderr], [0, 'boom\n']);
  assert.match(vm('1000'), /^scsi0: local-lvm:vm-1000-disk-0,size=4G$/m);
  r = withRules([{ match: ['qm', 'template'], workerError: 'rename failed' }], ['qm', 'template', '1000']);
  assert.equal([r.code, r.stderr], [0, 'rename failed\n']);
  assert.not.match(vm('1000'), /^template:/m);
});

test('workerError on a command with $upid_exit exits 255; `code` overrides', () => {
  let r = withRules([{ match: ['pct', 'start'], workerError: 'startup for container \'950\' failed' }], ['pct', 'start', '950']);
  assert.equal([r.code, r.stderr], [255, "startup for container '950' failed\n"]);
  r = withRules([{ match: ['pct', 'start'], workerError: 'x', code: 3 }], ['pct', 'start', '950']);
  assert.is(r.code, 3);
  assert.is(sim.run(['pct', 'status', '950']).stdout, 'status: stopped\n');
});

test('cfsLock: 9 "trying to acquire" lines, then the cfs-lock error; in a worker the lines are on stdout', () => {
  const trying = "trying to acquire cfs lock 'storage-local-lvm' ...\n".repeat(9);
  const err = "cfs-lock 'storage-local-lvm' error: got lock request timeout\n";
  let r = withRules([{ match: ['pct', 'clone'], nth: 1, cfsLock: 'storage-local-lvm' }], ['pct', 'clone', '950', '951']);
  assert.equal([r.code, r.stdout, r.stderr], [255, trying, err]);
  // a direct API call (qm set allocating a disk): everything on stderr
  r = withRules([{ match: ['qm', 'set'], cfsLock: 'storage-local-lvm' }], ['qm', 'set', '1000', '--scsi1', 'local-lvm:1']);
  assert.equal([r.code, r.stdout, r.stderr], [255, '', trying + err]);
  assert.not.match(vm('1000'), /^scsi1:/m);
  // a worker without $upid_exit: exit 0
  r = withRules([{ match: ['pct', 'resize'], cfsLock: 'storage-local-lvm' }], ['pct', 'resize', '950', 'rootfs', '+1G']);
  assert.equal([r.code, r.stderr], [0, err]);
  assert.match(ct('950'), /size=4G$/m);
});

test('storageLock: a local storage times out on its flock, a shared one on its cfs lock (cluster_lock_storage)', () => {
  let r = withRules([{ match: ['pct', 'clone'], storageLock: 'local-lvm' }], ['pct', 'clone', '950', '952']);
  assert.equal([r.code, r.stdout, r.stderr], [255, 'trying to acquire lock...', "can't lock file '/var/lock/pve-manager/pve-storage-local-lvm' - got timeout\n"]);
  assert.is(sim.run(['pvesm', 'add', 'rbd', 'ceph', '--pool', 'rbd']).code, 0);
  r = withRules([{ match: ['pct', 'clone'], storageLock: 'ceph' }], ['pct', 'clone', '950', '952']);
  assert.equal([r.code, r.stderr], [255, "cfs-lock 'storage-ceph' error: got lock request timeout\n"]);
  assert.is(r.stdout.split('\n').filter(Boolean).length, 9);
});

test('cfsLock with nth/times: only the Nth matching call fails, the next one works', () => {
  const file = join(sim.dir, 'faults-nth.json');
  writeFileSync(file, JSON.stringify([{ match: ['pct', 'clone'], nth: 2, cfsLock: 'storage-local-lvm' }]));
  const env = { PVE_SIM_FAULTS: file };
  assert.is(sim.run(['pct', 'clone', '950', '960'], { env }).code, 0);
  assert.is(sim.run(['pct', 'clone', '950', '961'], { env }).code, 255);
  assert.is(sim.run(['pct', 'clone', '950', '961'], { env }).code, 0);
});

test.run();
