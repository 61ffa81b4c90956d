// ExecOptions.signal: an aborted run ends the command that runs on the node — local (TERM to its process group,
// KILL after a grace) and over a real sshd (the channel is killed) — answering exit 130 at once. A hypervisor test
// (host-test.ts HOST_BOUNDED) passes the TERM on to its `timeout`, which ends the test's whole process group.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLocalConnection } from '../../src/runner/connections/local.js';
import { createSshConnection } from '../../src/runner/ssh/index.js';
import { HOST_BOUNDED } from '../../src/tasks/host-test.js';
import { isSshdAvailable, sshdNodeSpec, startSshd } from '../helpers/sshd.js';

// sleeps no other test starts: `sleep <n>` with n unique to this process
const base = 200_000 + (process.pid % 50_000) * 10;
const nap = (i: number): string => String(base + i);
const left = (i: number): boolean => spawnSync('pgrep', ['-f', `^sleep ${nap(i)}$`], { encoding: 'utf8' }).stdout.trim() !== '';
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await pause(50);
}

test('local: an abort ends the running command and its children; exit 130, says interrupted', async () => {
  const conn = createLocalConnection('pve');
  const ac = new AbortController();
  const running = conn.exec(['sh', '-c', `sleep ${nap(0)} & wait`]);
  const aborted = conn.exec(['sh', '-c', `sleep ${nap(1)} & wait`], { signal: ac.signal });
  await until(() => left(0) && left(1));
  ac.abort();
  const r = await aborted;
  assert.is(r.code, 130);
  assert.match(r.stderr, /phoenix: interrupted; the command was ended/);
  await until(() => !left(1));
  assert.not.ok(left(1), 'the aborted command\'s child was ended');
  assert.ok(left(0), 'the other command runs on');
  spawnSync('pkill', ['-f', `^sleep ${nap(0)}$`]);
  await running;
});

test('local: already aborted -> not left running', async () => {
  const ac = new AbortController();
  ac.abort();
  const r = await createLocalConnection('pve').exec(['sh', '-c', `sleep ${nap(2)}; exit 0`], { signal: ac.signal });
  assert.is(r.code, 130);
  assert.not.ok(left(2));
});

test('a hypervisor test ended by an abort: its shell passes the TERM on to timeout, which ends the test and its children', async () => {
  const ac = new AbortController();
  const r = createLocalConnection('pve').exec(['/bin/sh', '-c', HOST_BOUNDED, 'phoenix-test', 'test s/t', '600', '/bin/sh', '-s'], { stdin: `sleep ${nap(3)} & wait\n`, signal: ac.signal });
  await until(() => left(3));
  ac.abort();
  const done = await r;
  assert.is(done.code, 130);
  await until(() => !left(3));
  assert.not.ok(left(3), 'the test\'s child was ended');
});

test('ssh: an abort kills the remote command\'s channel and answers 130 at once', async () => {
  if (!isSshdAvailable()) { console.log('skipped: no sshd'); return; }
  const sshd = await startSshd();
  const conn = await createSshConnection(sshdNodeSpec(sshd));
  try {
    const ac = new AbortController();
    const r = conn.exec(['sh', '-c', `sleep ${nap(4)}; exit 0`], { signal: ac.signal });
    await until(() => left(4));
    ac.abort();
    const done = await r;
    assert.is(done.code, 130);
    assert.match(done.stderr, /interrupted/);
    // the connection still works
    assert.is((await conn.exec(['echo', 'ok'])).stdout, 'ok\n');
  } finally {
    await conn.close();
    await sshd.stop();
    spawnSync('pkill', ['-f', `^sleep ${nap(4)}$`]);
  }
});

test.run();
