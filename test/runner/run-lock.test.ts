import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { takeRunLock } from '../../src/runner/run-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'phx-lock-'));

test('a second run on the same inventory is refused while the first holds the lock, naming its pid', async () => {
  const path = join(dir, 'a', 'run.lock');
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
  (await import('node:fs')).mkdirSync(join(dir, 'a'), { recursive: true });
  writeFileSync(path, `${other.pid}\n`);
  try {
    assert.throws(() => takeRunLock(path), (e: Error) => e.message === `Error: another phoenix run (pid ${other.pid}) holds ${path}; wait for it to finish`);
  } finally {
    other.kill();
  }
});

test('a stale lock (its process is gone) is taken over; release removes it', async () => {
  const path = join(dir, 'b', 'run.lock');
  const gone = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => gone.on('close', r));
  (await import('node:fs')).mkdirSync(join(dir, 'b'), { recursive: true });
  writeFileSync(path, `${gone.pid}\n`);
  const release = takeRunLock(path);
  assert.is(readFileSync(path, 'utf8').trim(), String(process.pid));
  release();
  assert.not.ok(existsSync(path));
});

test.run();
