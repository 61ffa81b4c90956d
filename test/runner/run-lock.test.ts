// The workspace's run lock: a live holder refuses a second run, naming it; a holder that is gone — its pid dead,
// reused by another process (another start time), or from before a reboot — is taken over with a one-line note.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bootId, procStart } from '../../src/runner/proc-identity.js';
import { takeRunLock } from '../../src/runner/run-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'phx-lock-'));
let n = 0;
const lockPath = (): string => { const d = join(dir, String(n++)); mkdirSync(d); return join(d, 'run.lock'); };
const record = (pid: number, start: string, boot = bootId(), host = hostname()): string =>
  `${JSON.stringify({ pid, start, boot, host, since: '2026-12-01T10:00:00.000Z' })}\n`;

function notes(): { lines: string[]; onNote: (l: string) => void } {
  const lines: string[] = [];
  return { lines, onNote: (l) => lines.push(l) };
}

test('procStart reads field 22 of /proc/<pid>/stat (a comm with spaces and parentheses does not shift it)', async () => {
  const child = spawn(process.execPath, ['-e', 'process.title = "a (b) c"; setTimeout(() => {}, 3000)']);
  try {
    await new Promise((r) => setTimeout(r, 200));
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    assert.is(procStart(child.pid!), stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    assert.match(procStart(child.pid!)!, /^\d+$/);
    assert.is(procStart(2 ** 22 + 12345), undefined);
  } finally { child.kill(); }
});

test('a second run is refused while a live holder (same pid, same start time) holds the lock, naming its pid', () => {
  const path = lockPath();
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
  try {
    // wait until /proc knows it
    for (let i = 0; i < 100 && procStart(other.pid!) === undefined; i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    writeFileSync(path, record(other.pid!, procStart(other.pid!)!));
    assert.throws(() => takeRunLock(path), (e: Error) => e.message === `Error: another phoenix run (pid ${other.pid}, since 2026-12-01T10:00:00.000Z) holds ${path}; wait for it to finish`);
  } finally { other.kill(); }
});

test('PID reuse: a lock naming a live unrelated process (pid 1, another start time) is taken over with one note', () => {
  const path = lockPath();
  writeFileSync(path, record(1, '999999999'));
  const { lines, onNote } = notes();
  const release = takeRunLock(path, { onNote });
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0]!, new RegExp(`^note: taking over the stale run lock ${path}: its holder \\(pid 1, since 2026-12-01T10:00:00.000Z\\) is no longer running: pid 1 is another process now`));
  const mine = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; start: string; boot: string; host: string };
  assert.equal([mine.pid, mine.start, mine.boot, mine.host], [process.pid, procStart(process.pid), bootId(), hostname()]);
  release();
  assert.not.ok(existsSync(path));
});

test('a lock from before a reboot (another boot id) is stale even though its pid runs', () => {
  const path = lockPath();
  writeFileSync(path, record(1, procStart(1)!, '00000000-0000-0000-0000-000000000000'));
  const { lines, onNote } = notes();
  takeRunLock(path, { onNote })();
  assert.match(lines[0] ?? '', /ran before the machine rebooted/);
});

test('a lock whose process is gone is taken over; release removes it', async () => {
  const path = lockPath();
  const gone = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => gone.on('close', r));
  writeFileSync(path, record(gone.pid!, '1'));
  const { lines, onNote } = notes();
  const release = takeRunLock(path, { onNote });
  assert.match(lines[0] ?? '', /is no longer running$/);
  assert.is((JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid, process.pid);
  release();
  assert.not.ok(existsSync(path));
});

test('an old pid-only lock: held while its process is the one that wrote it, stale once the pid names a newer process', () => {
  const path = lockPath();
  writeFileSync(path, '1\n'); // pid 1 started long before this file was written: it may be the holder
  assert.throws(() => takeRunLock(path), /another phoenix run \(pid 1\) holds/);
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
  try {
    for (let i = 0; i < 100 && procStart(other.pid!) === undefined; i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    writeFileSync(path, `${other.pid}\n`);
    utimesSync(path, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000)); // written an hour before it started
    const { lines, onNote } = notes();
    takeRunLock(path, { onNote })();
    assert.match(lines[0] ?? '', /started after the lock was written/);
  } finally { other.kill(); }
});

test('two runs in one process: the second is refused while the first holds the lock', () => {
  const path = lockPath();
  const release = takeRunLock(path);
  try {
    assert.throws(() => takeRunLock(path), /another phoenix run \(pid \d+, since .*\) holds/);
  } finally { release(); }
  takeRunLock(path)();
});

test('a dangling run.lock symlink: one line naming it and the fix; nothing created', () => {
  const path = lockPath();
  symlinkSync(join(dir, 'nowhere', 'x'), path);
  assert.throws(() => takeRunLock(path), (e: Error) => e.message === `Error: ${path}: is a symbolic link; Phoenix writes its run lock there itself; remove it (rm '${path}')`);
  assert.not.ok(existsSync(join(dir, 'nowhere')));
});

test.run();
