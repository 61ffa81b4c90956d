// sendCommand: warnings of successful commands reach the live output (`warning: <line>`), the command record and
// the result; noise does not; nothing PVE prints can start a line of its own; transient errors are retried.
// Outputs marked "measured" were captured from the real node (../shared/tools/realpve, PVE 9).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandFailed } from '../../src/errors.js';
import type { Connection, ExecResult } from '../../src/runner/connection.js';
import { registerSecret } from '../../src/runner/secrets.js';
import { sendCommand, sendCommandFull, type CommandRecord } from '../../src/runner/send-command.js';
import { MAX_WARNINGS, warningsOf } from '../../src/runner/warning-lines.js';
import type { Command } from '../../src/tasks/types.js';

const APPARMOR = 'explicitly configured lxc.apparmor.profile overrides the following settings: features:nesting';

/** A connection answering each exec with the next scripted result. */
function scripted(...answers: Partial<ExecResult>[]): Connection & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    node: 'pve',
    calls,
    async close() {},
    async exec(argv) {
      calls.push([...argv]);
      const a = answers[Math.min(calls.length - 1, answers.length - 1)] ?? {};
      return { code: a.code ?? 0, stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
    },
  };
}

async function send(c: Command, ...answers: Partial<ExecResult>[]): Promise<{ logs: string[]; records: CommandRecord[]; warnings: string[]; stdout: string }> {
  const logs: string[] = [];
  const records: CommandRecord[] = [];
  const r = await sendCommandFull(scripted(...answers), c, { sleep: async () => {}, onLog: (l) => logs.push(l), onCommand: (x) => records.push(x) });
  return { logs, records, warnings: r.warnings, stdout: r.stdout };
}

test('pct set on a running CT warns on stderr (measured): the line reaches the live output, the record and the result', async () => {
  const r = await send({ argv: ['pct', 'set', '990', '--memory', '256'] }, { stderr: `${APPARMOR}\n` });
  assert.equal(r.logs, [`warning: ${APPARMOR}`]);
  assert.equal(r.warnings, [APPARMOR]);
  assert.equal(r.records.map((x) => x.warnings), [[APPARMOR]]);
  assert.is(r.records[0]!.stderr, `${APPARMOR}\n`);
});

test("pct start's worker warns on STDOUT (measured: the worker's stderr is its task log): it is a warning too", async () => {
  const r = await send({ argv: ['pct', 'start', '990'] }, { stdout: `${APPARMOR}\n` });
  assert.equal(r.logs, [`warning: ${APPARMOR}`]);
  assert.equal(r.warnings, [APPARMOR]);
});

test('pct resize of a running CT (measured): the failed filesystem grow is a warning, its progress lines are not', async () => {
  const stdout = [
    'Image resized.',
    'resize2fs 1.47.0 (5-Feb-2023)',
    'Filesystem at /dev/loop2 is mounted on /tmp; on-line resizing required',
    'old_desc_blocks = 1, new_desc_blocks = 1',
    'resize2fs: Permission denied to resize filesystem',
    "Failed to update the container's filesystem: command 'unshare -m -- sh -c 'mount --make-rprivate / && mount /dev/loop2 /tmp && resize2fs /dev/loop2'' failed: exit code 1",
    '',
  ].join('\n');
  const r = await send({ argv: ['pct', 'resize', '990', 'rootfs', '2G'] }, { stdout });
  assert.equal(r.warnings, [
    'resize2fs: Permission denied to resize filesystem',
    "Failed to update the container's filesystem: command 'unshare -m -- sh -c 'mount --make-rprivate / && mount /dev/loop2 /tmp && resize2fs /dev/loop2'' failed: exit code 1",
  ]);
});

test('the progress a successful create, clone or set prints on stdout is not a warning (measured)', () => {
  const outputs: [string[], string][] = [
    [['pct', 'create', '991'], "Creating filesystem with 262144 4k blocks and 65536 inodes\nFilesystem UUID: 06e6cbda-5c3f-4b0d-a52e-fc3ccf8c4ac5\nSuperblock backups stored on blocks: \n\t32768, 98304, 163840, 229376\nextracting archive '/var/lib/pve/local-btrfs/template/cache/debian-12-busybox_12.0-1_amd64.tar.gz'\nTotal bytes read: 2140160 (2.1MiB, 27MiB/s)\nDetected container architecture: amd64\n"],
    [['pct', 'clone', '991', '992'], 'creating a clone of container 991 with ID 992\ncreate full clone of mountpoint rootfs (local-btrfs:991/vm-991-disk-0.raw)\n\nNumber of files: 297 (reg: 11, dir: 18, link: 268)\nNumber of deleted files: 0\nsent 1,993,251 bytes  received 1,108 bytes  1,329,572.67 bytes/sec\ntotal size is 1,986,305  speedup is 1.00\n'],
    [['pct', 'destroy', '993', '--purge'], 'purging CT 993 from related configurations..\n'],
    [['qm', 'create', '9103'], "Formatting '/var/lib/pve/local-btrfs/images/9103/vm-9103-cloudinit.qcow2', fmt=qcow2 cluster_size=65536 extended_l2=off preallocation=metadata compression_type=zlib size=4194304 lazy_refcounts=off refcount_bits=16\nide2: successfully created disk 'local-btrfs:9103/vm-9103-cloudinit.qcow2,media=cdrom'\nscsi0: successfully created disk 'local-btrfs:9103/vm-9103-disk-0.raw,size=1G'\n"],
    [['qm', 'set', '9103', '--nameserver', '1.1.1.1'], 'update VM 9103: -nameserver 1.1.1.1\n'],
    [['qm', 'resize', '9100', 'scsi0', '+1G'], 'Image resized.\n'],
  ];
  for (const [argv, stdout] of outputs) assert.equal(warningsOf(argv, { stdout, stderr: '' }), [], argv.join(' '));
});

test("PVE's WARN: lines on a worker's stdout are warnings (pve-common RESTEnvironment.pm log_warn)", () => {
  assert.equal(warningsOf(['qm', 'clone', '9000', '9001'], { stdout: 'create full clone of drive scsi0\nWARN: no efidisk configured! Using temporary efivars disk.\n', stderr: 'Task finished with 1 warning(s)!\n' }), [
    'Task finished with 1 warning(s)!',
    'WARN: no efidisk configured! Using temporary efivars disk.',
  ]);
});

test('noise is dropped: empty lines, lock-wait progress of a lock that was acquired, what a carriage return overwrote', () => {
  assert.equal(warningsOf(['qm', 'template', '9101'], { stdout: 'trying to acquire lock...\n OK\n', stderr: '\n  \n' }), []);
  assert.equal(warningsOf(['pvesm', 'set', 'nfs'], { stdout: '', stderr: "trying to acquire cfs lock 'file-storage_cfg' ...\ntrying to acquire cfs lock 'file-storage_cfg' ...\n" }), []);
  assert.equal(warningsOf(['qm', 'set', '9000'], { stdout: '', stderr: 'copying  10%\rcopying  55%\rcopying 100%\n' }), ['copying 100%']);
  // a CRLF line ending is a line ending, not a redraw
  assert.equal(warningsOf(['qm', 'set', '9000'], { stdout: '', stderr: 'WARNING: something odd\r\n' }), ['WARNING: something odd']);
});

test('a warning line never starts a forged line of the output: control characters are escaped', async () => {
  const r = await send({ argv: ['pct', 'set', '950', '--memory', '512'] }, { stderr: 'odd\x1b[2K\x07\t[ok] 951 converged\n' });
  assert.equal(r.logs, ['warning: odd\\x1b[2K\\x07\\t[ok] 951 converged']);
  for (const l of r.logs) assert.not.match(l, /[\x00-\x1f\x7f]/);
});

test("pct exec prints the guest program's output, not Proxmox's: never a warning", async () => {
  const r = await send({ argv: ['pct', 'exec', '950', '--', 'sh', '-c', 'apt-get install -y curl'] }, { stdout: 'E: failed to fetch (ignored)\n', stderr: 'debconf: delaying package configuration, since apt-utils is not installed\n' });
  assert.equal(r.logs, []);
  assert.equal(r.warnings, []);
});

test("qm guest exec: the guest's err-data is not a warning, qm's own stderr is", async () => {
  const json = JSON.stringify({ exited: 1, exitcode: 0, 'out-data': 'ok\n', 'err-data': 'guest noise: warning\n' });
  const r = await send({ argv: ['qm', 'guest', 'exec', '1000', '--', 'true'], judge: 'agent' }, { stdout: json, stderr: 'WARN: agent is slow\n' });
  assert.equal(r.warnings, ['WARN: agent is slow']);
  assert.is(r.stdout, 'ok\n');
});

test('a failed command, and one accepted by okIf, print no warning lines', async () => {
  const logs: string[] = [];
  try {
    await sendCommand(scripted({ code: 255, stderr: 'unable to parse volume ID \'x\'\n' }), { argv: ['pct', 'set', '950'] }, { sleep: async () => {}, onLog: (l) => logs.push(l) });
    assert.unreachable('a permanent failure throws');
  } catch (e) {
    assert.instance(e, CommandFailed);
  }
  const r = await send({ argv: ['pct', 'resize', '950', 'rootfs', '8G'], okIf: 'disk is already at specified size' }, { code: 255, stderr: 'disk is already at specified size\n' });
  assert.equal([...logs, ...r.logs], []);
  assert.equal(r.warnings, []);
});

test('at most MAX_WARNINGS lines per command, then a count', () => {
  const stderr = Array.from({ length: MAX_WARNINGS + 5 }, (_, i) => `line ${i}`).join('\n');
  const w = warningsOf(['pvesh', 'set', '/x'], { stdout: '', stderr });
  assert.is(w.length, MAX_WARNINGS + 1);
  assert.is(w.at(-1), '(5 more lines not shown)');
});

test('secret values are masked in warnings', async () => {
  registerSecret('hunter2-value');
  const r = await send({ argv: ['chpasswd', '-e'] }, { stderr: 'warning: password hunter2-value is weak\n' });
  assert.equal(r.warnings, ['warning: password ******** is weak']);
  assert.not.ok(r.logs.join('\n').includes('hunter2-value'));
});

test('a cfs-lock timeout is retried and the retry line is escaped; warnings come from the attempt that succeeded', async () => {
  const conn = scripted(
    { code: 255, stderr: "trying to acquire cfs lock 'storage-local-lvm' ...\ncfs-lock 'storage-local-lvm' error: got lock request timeout\n" },
    { code: 255, stderr: "clone failed: cfs-lock 'storage-local-lvm' error: got lock request timeout\x1b[1A\n" },
    { code: 0, stderr: `${APPARMOR}\n` },
  );
  const logs: string[] = [];
  const r = await sendCommandFull(conn, { argv: ['pct', 'clone', '900', '951'] }, { sleep: async () => {}, onLog: (l) => logs.push(l) });
  assert.is(conn.calls.length, 3);
  assert.equal(r.warnings, [APPARMOR]);
  assert.match(logs[0]!, /^pct clone: cfs-lock 'storage-local-lvm' error: got lock request timeout - retry 1\/5 in \d+ ms$/);
  assert.match(logs[1]!, /^pct clone: clone failed: cfs-lock 'storage-local-lvm' error: got lock request timeout\\x1b\[1A - retry 2\/5/);
  assert.is(logs[2], `warning: ${APPARMOR}`);
});

test.run();
