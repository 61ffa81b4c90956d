// exec over a real sshd: separate streams, exit code only, argv intact, stdin, env, timeouts, channel limit.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSshConnection } from '../../../src/runner/ssh/index.js';
import type { Connection } from '../../../src/runner/connection.js';
import { isSshdAvailable, sshdNodeSpec, startSshd, type Sshd } from '../../helpers/sshd.js';

interface Ctx { sshd?: Sshd; conn?: Connection; binDir?: string }
const exec = suite<Ctx>('ssh exec (real sshd)', {});

function conn(ctx: Ctx): Connection {
  if (!ctx.conn) throw new Error('no connection');
  return ctx.conn;
}

exec.before(async (ctx) => {
  ctx.binDir = mkdtempSync(join(tmpdir(), 'phoenix-fakebin-'));
  writeFileSync(join(ctx.binDir, 'phoenix-fake-tool'), '#!/bin/sh\nprintf "fake:%s" "$*"\n', { mode: 0o755 });
  ctx.sshd = await startSshd({ env: { PHOENIX_TEST_VAR: 'hello world' }, pathPrefix: ctx.binDir });
  ctx.conn = await createSshConnection(sshdNodeSpec(ctx.sshd));
});

exec.after(async (ctx) => {
  await ctx.conn?.close();
  await ctx.sshd?.stop();
  if (ctx.binDir) rmSync(ctx.binDir, { recursive: true, force: true });
});

exec('stdout, stderr and exit code come back separately', async (ctx) => {
  const r = await conn(ctx).exec(['sh', '-c', 'printf out; printf err >&2; exit 3']);
  assert.equal(r, { code: 3, stdout: 'out', stderr: 'err' });
});

exec('output is not trimmed and multi-byte text survives', async (ctx) => {
  const r = await conn(ctx).exec(['printf', '%s\\n\\n', '  héllo ✓  ']);
  assert.is(r.stdout, '  héllo ✓  \n\n');
});

exec('stderr with exit 0 is a success', async (ctx) => {
  const r = await conn(ctx).exec(['sh', '-c', 'echo "WARNING: something" >&2; exit 0']);
  assert.is(r.code, 0);
  assert.is(r.stderr, 'WARNING: something\n');
});

exec('hostile argv elements arrive as exactly one argument each', async (ctx) => {
  const hostile = ['; rm -rf /', '$(id)', '`id`', '"double"', "'", "it's", 'a\nb', '', ' ', '*', '$HOME', '\\', '--', '-n', '|| true', '#'];
  const r = await conn(ctx).exec(['printf', '%s\\0', ...hostile]);
  assert.is(r.code, 0);
  assert.equal(r.stdout.split('\0').slice(0, -1), hostile);
});

exec('stdin is passed to the command', async (ctx) => {
  const input = 'line one\nline "two" $(id)\n';
  const r = await conn(ctx).exec(['cat'], { stdin: input });
  assert.is(r.stdout, input);
});

exec('env option sets variables for the command only', async (ctx) => {
  const r = await conn(ctx).exec(['sh', '-c', 'printf %s "$A_B"'], { env: { A_B: "x 'y' $(z)" } });
  assert.is(r.stdout, "x 'y' $(z)");
  const bad = await conn(ctx).exec(['true'], { env: { 'BAD NAME': 'x' } }).then(() => 'resolved', (e: Error) => e.message);
  assert.match(bad, /invalid environment variable name/);
});

exec('sshd SetEnv: PATH starts with the prefix and env is exported', async (ctx) => {
  const r = await conn(ctx).exec(['sh', '-c', 'printf "%s|%s" "$PATH" "$PHOENIX_TEST_VAR"']);
  const [path, value] = r.stdout.split('|');
  assert.ok(path?.startsWith(`${ctx.binDir}:`), `PATH was ${path}`);
  assert.is(value, 'hello world');
});

exec('a timeout kills the remote command and reports exit 124', async (ctx) => {
  const r = await conn(ctx).exec(['sleep', '31.4159'], { timeoutMs: 300 });
  assert.is(r.code, 124);
  assert.match(r.stderr, /timed out after 300 ms; the command was stopped/);
  // The remote process is gone: poll (sshd is local) until no `sleep 31.4159` remains.
  let left = true;
  for (let i = 0; i < 100 && left; i++) {
    left = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).some((p) => {
      try { return readFileSync(`/proc/${p}/cmdline`, 'utf8') === 'sleep\u000031.4159\u0000'; } catch { return false; }
    });
    if (left) await new Promise((res) => setTimeout(res, 50));
  }
  assert.not.ok(left, 'remote sleep still running');
  assert.is((await conn(ctx).exec(['true'])).code, 0);
});

exec('30 concurrent execs succeed on one connection with MaxSessions 10', async (ctx) => {
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) =>
    conn(ctx).exec(['sh', '-c', 'sleep 0.2; printf %s "$1"', 'sh', String(i)])));
  assert.equal(results.map((r) => r.code), Array(30).fill(0));
  assert.equal(results.map((r) => r.stdout), Array.from({ length: 30 }, (_, i) => String(i)));
});

exec('at most 8 commands run at once on one connection', async (ctx) => {
  const dir = join(ctx.binDir ?? tmpdir(), 'running');
  // Each command counts the running ones (marker files) while it runs.
  const script = 'mkdir -p "$1"; : > "$1/$$"; sleep 0.3; ls "$1" | wc -l; rm -f "$1/$$"';
  const results = await Promise.all(Array.from({ length: 24 }, () => conn(ctx).exec(['sh', '-c', script, 'sh', dir])));
  const seen = results.map((r) => Number(r.stdout.trim()));
  const max = Math.max(...seen);
  assert.ok(max <= 8, `saw ${max} at once`);
  assert.ok(max >= 2, 'commands did not run in parallel');
});

exec('channels sshd refuses past MaxSessions are retried, not failed', async (ctx) => {
  if (!ctx.sshd) throw new Error('no sshd');
  const unlimited = await createSshConnection(sshdNodeSpec(ctx.sshd), { maxChannels: 30 });
  try {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      unlimited.exec(['sh', '-c', 'sleep 0.2; printf %s "$1"', 'sh', String(i)])));
    assert.equal(results.map((r) => r.stdout), Array.from({ length: 30 }, (_, i) => String(i)));
  } finally {
    await unlimited.close();
  }
});

exec('a command found only through the PATH prefix runs', async (ctx) => {
  const r = await conn(ctx).exec(['phoenix-fake-tool', 'a b', 'c']);
  assert.equal(r, { code: 0, stdout: 'fake:a b c', stderr: '' });
});

if (isSshdAvailable()) exec.run();
