// The error taxonomy against the texts the Proxmox Perl sources print (../shared/tools/realpve/proxmox-src.tar.xz;
// the place of each is beside it). Transient = retry the same command; already-done = re-read and accept if
// converged; everything else is permanent and fails fast.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffMs, classify, TRANSIENT, transientRule } from '../../src/runner/classify.js';

/** Real texts that must be retried, with where PVE prints them (values filled in as PVE would). */
const TRANSIENT_TEXTS: [string, string][] = [
  // pve-cluster Cluster.pm:628 + :683, wrapped by pct clone's cleanup path (pve-container API2/LXC.pm:2280)
  ['clone failed: cfs-lock \'storage-local-lvm\' error: got lock request timeout', 'cfs-lock'],
  // the same, with the wait lines $cfs_lock prints once a second (Cluster.pm:649) before it gives up
  ["trying to acquire cfs lock 'storage-local-lvm' ...\ntrying to acquire cfs lock 'storage-local-lvm' ...\ncfs-lock 'storage-local-lvm' error: got lock request timeout", 'cfs-lock'],
  ["cfs-lock 'file-user_cfg' error: no quorum!", 'cfs-lock'],                                   // Cluster.pm:671
  ["cfs-lock 'storage-nfs' error: pve cluster filesystem not online.", 'cfs-lock'],             // Cluster.pm:625
  ['cluster not ready - no quorum?', 'check_cfs_quorum'],                                        // Cluster.pm:129
  // measured on the real node: `pct resize` with the CT's config lock held (stderr of the CLI)
  ["can't lock file '/run/lock/lxc/pve-config-990.lock' - got timeout", 'lock_file_full'],
  ["can't lock file '/var/lock/qemu-server/lock-9102.conf' - got timeout", 'lock_file_full'],
  // Tools.pm:229 inside :264
  ["can't lock file '/var/lock/pve-manager/pve-storage-local' - can't acquire lock '/var/lock/pve-manager/pve-storage-local' - No locks available", 'lock_file_full'],
  ['VM quit/powerdown failed - got timeout', 'run_with_timeout'],                               // qemu-server QemuServer.pm:6295
  ["command 'zfs create -s -V 8388608k rpool/data/vm-100-disk-0' failed: got timeout", 'run_with_timeout'], // pve-common Cmd.pm:317
  ["VM 1000 qmp command 'query-status' failed - got timeout", 'run_with_timeout'],              // QMPClient.pm:503
  ['CT is locked (disk)', 'check_lock'],                       // the source of a running `pct clone`
  ['CT is locked (snapshot-delete)', 'check_lock'],
  ['Failed to obtain guest migration lock - replication running?', 'guest migration lock'],    // LXC/Snapshot.pm:222
  ["cannot destroy 'rpool/data/subvol-950-disk-0': dataset is busy", 'zfs_delete_zvol'],
  ["storage 'nfs-images' is not online", 'activate_storage'],                                   // Storage.pm:1354
  ['503 Service Unavailable', 'HTTP'],
  ['proxy handler failed: command failed\n504 Gateway Timeout', 'HTTP'],
  ["can't acquire lock '/run/lock/x' - Resource temporarily unavailable", 'EAGAIN'],
  ["ssh: connect to host 10.0.0.12 port 22: Connection refused\nproxy handler failed: command '/usr/bin/ssh -e none -o BatchMode=yes root@10.0.0.12 -- pvesh --noproxy get /nodes/pve2/status' failed: exit code 255", 'ECONNREFUSED'],
];

/** Real texts that must fail fast: retrying the same command cannot help, or the command failed half-way. */
const PERMANENT_TEXTS = [
  "unable to parse volume ID 'local-lvm'",                                     // pve-storage Storage.pm:409
  "Configuration file 'nodes/pve/lxc/999.conf' does not exist",                 // pve-guest-common AbstractConfig.pm:57
  // PVE answers every API die with 500 (pve-http-server AnyEvent.pm:1622): a 500 is judged by its text
  "500 Configuration file 'nodes/pve/lxc/999.conf' does not exist",
  "snapshot 'base' does not exist",                                            // AbstractConfig.pm:221
  "400 Parameter verification failed.\nmemory: type check ('integer') failed - got 'abc'\npct set <vmid> [OPTIONS]",
  "400 Parameter verification failed.\ntimeout: type check ('integer') failed - got 'timeout'\nqm shutdown <vmid> [OPTIONS]",
  // ran under the cfs lock for 60 s and was killed half-way (Cluster.pm:657): the re-read decides, not a retry
  "'storage-local-lvm'-locked command timed out - aborting",
  'CT is locked (backup)',                                                     // a backup holds it for hours
  'VM is locked (backup)',
  // left by a create or clone that never finished (src/tasks/interrupted.ts): nothing removes it, a wait never helps
  'CT is locked (create)',
  'VM is locked (create)',
  'VM is locked (clone)',
  'unable to modify read-only option: \'unprivileged\'',
  // the digest Phoenix would send again is the stale one (pve-common Tools.pm:872 assert_if_modified)
  'detected modified configuration - file changed by other user? Try again.',
  // the zvol exists already; a retry would allocate a second one (pve-storage ZFSPoolPlugin.pm:257)
  "timeout: no zvol device link for 'vm-100-disk-0' found after 10 sec.",
  "unable to clone mountpoint 'mp0' (type bind)",                               // pve-container LXC.pm clone_vm
  "you can't start a CT if it's a template",
  'unable to shrink disk size',
  "connection check for storage 'nfs-images' failed - command '/sbin/showmount --no-headers --exports 10.0.0.5' failed: exit code 1",
  "can't open file - Permission denied",                                       // Tools.pm lock_file_full, before any lock
];

const ALREADY_TEXTS = ['CT 950 already running', 'VM 1000 already running', "CT 951 already exists on node 'pve'", 'CT 950 not running'];

test('every transient text from the sources is transient, by the rule its source names', () => {
  for (const [text, source] of TRANSIENT_TEXTS) {
    assert.is(classify(text), 'transient', text);
    const rule = transientRule(text);
    const names = rule ? `${rule.source} ${rule.re.source}` : '';
    assert.ok(names.includes(source), `${text} -> ${rule?.source}`);
  }
});

test('every transient rule has a real text here, and cites a source file and line (or errno/HTTP meaning)', () => {
  for (const rule of TRANSIENT) {
    assert.ok(TRANSIENT_TEXTS.some(([text]) => transientRule(text) === rule), `no test text for ${rule.re}`);
    assert.match(rule.source, /(?:\.pm:\d+|HTTP|strerror)/, `${rule.re} cites no place`);
  }
});

test("today's failure: a cfs-lock timeout on a clone is retried, not fatal", () => {
  assert.is(classify("cfs-lock 'storage-local-lvm' error: got lock request timeout"), 'transient');
});

test('permanent texts stay permanent', () => {
  for (const text of PERMANENT_TEXTS) assert.is(classify(text), 'permanent', text);
});

test('already-done texts re-check, and a transient one wins over them', () => {
  for (const text of ALREADY_TEXTS) assert.is(classify(text), 'already-done', text);
  assert.is(classify("can't lock file '/run/lock/lxc/pve-config-951.lock' - got timeout\nCT 951 already exists on node 'pve'"), 'transient');
});

test("an interrupted create's lock is not retried: `pct set` on a CT left with lock: create fails at once", () => {
  // today's failure: retried 5 times over 13 s, then `CT is locked (create)`
  assert.is(transientRule('CT 950: `pct set 950 --memory 2048` exited 255: CT is locked (create)'), undefined);
  assert.is(classify('CT is locked (create)'), 'permanent');
  // a clone's source keeps `disk` only while the clone runs: that one is still worth the wait
  assert.is(classify('CT is locked (disk)'), 'transient');
  // an interrupted clone that left its `create` lock, then `already exists` on the retry: re-read, the plan decides
  assert.is(classify("CT is locked (create)\nCT 951 already exists on node 'pve'"), 'already-done');
});

test('backoff grows, is capped, and keeps at least half of its ceiling', () => {
  const b = { attempts: 6, baseMs: 400, capMs: 2000 };
  assert.is(backoffMs(1, b, () => 0), 200);
  assert.is(backoffMs(1, b, () => 1), 400);
  assert.is(backoffMs(3, b, () => 1), 1600);
  assert.is(backoffMs(5, b, () => 1), 2000);
  assert.is(backoffMs(5, b, () => 0), 1000);
});

test.run();
