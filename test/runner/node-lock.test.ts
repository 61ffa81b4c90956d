// The node-side lock on local connections (the same argv goes over SSH; test/integration/node-lock.test.ts runs it
// through sshd): a held node refuses a second holder after a bounded wait, naming the holder; release frees it at
// once; a holder that dies (kill -9) frees it too, because the lock lives no longer than its connection.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NodeSpec } from '../../src/inventory/model.js';
import type { Connection } from '../../src/runner/connection.js';
import { createLocalConnection } from '../../src/runner/connections/local.js';
import { defaultNodeLockFile, holdNodeLock, NodeLockRefused, parseHolder, type NodeLockHolder } from '../../src/runner/node-lock.js';
import { repoRoot } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'phx-nodelock-'));
const spec = (file: string): NodeSpec => ({ name: 'pve', connection: 'local', pveRoot: '/etc/pve', imageDir: '/x', hostRoot: '/', pveNode: 'pve', sharedStorages: [], lockFile: file });
/** Locks a failing test may leave held (their holder processes would keep this file from exiting). */
const held: { release(): Promise<void> }[] = [];
test.after(async () => { await Promise.all(held.map((h) => h.release())); rmSync(dir, { recursive: true, force: true }); });
const holder = (run: string, config: string): NodeLockHolder => ({ run, host: 'box', pid: process.pid, start: '1', boot: 'b', since: '2026-12-02T10:00:00.000Z', config });

test('the default lock file is per node under /run/lock', () => {
  assert.is(defaultNodeLockFile({ pveNode: 'pve2' }), '/run/lock/phoenix-pve2.lock');
});

/** `conn` with every argv it runs recorded; `streams: false` drops onStdout (a connection that answers only at the end). */
function recorded(conn: Connection, streams = true): Connection & { argvs: string[][] } {
  const argvs: string[][] = [];
  return { node: conn.node, argvs, close: () => conn.close(), exec: (argv, o = {}) => { argvs.push([...argv]); const { onStdout, ...rest } = o; return conn.exec(argv, streams && onStdout ? { ...rest, onStdout } : rest); } };
}

test('the lock is known held from the holding shell\'s first line, and released by the end of its input: one command in all', async () => {
  const file = join(dir, 'word.lock');
  const conn = recorded(createLocalConnection('pve'));
  const h = await holdNodeLock(conn, spec(file), { holder: holder('run-w', '/w') });
  held.push(h);
  assert.is(conn.argvs.length, 1, JSON.stringify(conn.argvs));
  assert.is(conn.argvs[0]![0], 'sh');
  assert.is(parseHolder(readFileSync(file, 'utf8'))?.holder.run, 'run-w');
  // still held a moment later (the holder waits on its input, it does not end by itself)
  await new Promise((r) => setTimeout(r, 300));
  const second = await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-z', '/z'), waitMs: 0 })
    .then((got) => { held.push(got); return 'took it'; }, (e: unknown) => (e instanceof NodeLockRefused ? 'refused' : String(e)));
  assert.is(second, 'refused');
  await h.release();
  assert.is(conn.argvs.length, 1, `no release command: ${JSON.stringify(conn.argvs)}`);
  // released: the next holder gets it at once
  const next = await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-x', '/x'), waitMs: 0 });
  await next.release();
});

test('a lock file in a directory that is not there yet: the directory is made, the lock taken and given back', async () => {
  const file = join(dir, 'not', 'there', 'yet.lock');
  const h = await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-d', '/d') });
  held.push(h);
  assert.is(parseHolder(readFileSync(file, 'utf8'))?.holder.run, 'run-d');
  await h.release();
  const next = await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-e', '/e'), waitMs: 0 });
  await next.release();
});

test('a connection that gives stdout only at the end: the lock file says the lock is ours', async () => {
  const file = join(dir, 'file.lock');
  const conn = recorded(createLocalConnection('pve'), false);
  const h = await holdNodeLock(conn, spec(file), { holder: holder('run-f', '/f') });
  held.push(h);
  assert.ok(conn.argvs.some((a) => a[0] === 'cat'), JSON.stringify(conn.argvs));
  assert.is(parseHolder(readFileSync(file, 'utf8'))?.holder.run, 'run-f');
  await h.release();
  const next = await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-y', '/y'), waitMs: 0 });
  await next.release();
});

test('a held node: the second run waits (one line naming the holder), then is refused naming it; after release it gets the lock', async () => {
  const file = join(dir, 'a', 'node.lock'); // its directory is created on the node
  const conn = createLocalConnection('pve');
  const first = await holdNodeLock(conn, spec(file), { holder: holder('run-1', '/srv/workspace-a') });
  held.push(first);
  const rec = parseHolder(readFileSync(file, 'utf8'));
  assert.is(rec?.holder.config, '/srv/workspace-a');
  const waits: string[] = [];
  try {
    await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-2', '/srv/b'), waitMs: 300, onWait: (l) => waits.push(l) });
    assert.unreachable('the second holder got the lock');
  } catch (e) {
    assert.instance(e, NodeLockRefused);
    assert.match((e as Error).message, `Error: node pve is in use by another phoenix run (host box, pid ${process.pid}, started 2026-12-02T10:00:00.000Z, config /srv/workspace-a), which holds ${file}`);
  }
  assert.equal(waits, [`Waiting for node pve: another phoenix run (host box, pid ${process.pid}, started 2026-12-02T10:00:00.000Z, config /srv/workspace-a) holds ${file}; waiting up to 0.3s`]);
  await first.release();
  const second = await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-2', '/srv/b'), waitMs: 0 });
  assert.is(parseHolder(readFileSync(file, 'utf8'))?.holder.run, 'run-2');
  await second.release();
});

test('a waiting run gets the node as soon as the holder releases it (bounded wait)', async () => {
  const file = join(dir, 'b.lock');
  const first = await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-1', '/a') });
  held.push(first);
  const waiting = holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-2', '/b'), waitMs: 60_000 });
  setTimeout(() => { void first.release(); }, 300);
  const second = await waiting;
  assert.is(parseHolder(readFileSync(file, 'utf8'))?.holder.run, 'run-2');
  await second.release();
});

test('a holder killed with SIGKILL leaves no lock behind: the next run gets it', async () => {
  const file = join(dir, 'c.lock');
  const script = `
    import { createLocalConnection } from ${JSON.stringify(join(repoRoot(), 'dist/src/runner/connections/local.js'))};
    import { holdNodeLock } from ${JSON.stringify(join(repoRoot(), 'dist/src/runner/node-lock.js'))};
    const spec = { name: 'pve', connection: 'local', pveRoot: '/', imageDir: '/', hostRoot: '/', pveNode: 'pve', sharedStorages: [], lockFile: ${JSON.stringify(file)} };
    await holdNodeLock(createLocalConnection('pve'), spec, { holder: { run: 'doomed', host: 'h', pid: process.pid, start: '1', boot: 'b', since: 's', config: '/c' } });
    console.log('held');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((r) => child.stdout.on('data', (b: Buffer) => { if (b.toString().includes('held')) r(); }));
  assert.is(parseHolder(readFileSync(file, 'utf8'))?.holder.run, 'doomed');
  child.kill('SIGKILL');
  // the holder's stdin reads EOF once its writer is gone; the shell ends and the kernel frees the flock
  const next = await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('next', '/n'), waitMs: 20_000 });
  assert.is(parseHolder(readFileSync(file, 'utf8'))?.holder.run, 'next');
  await next.release();
});

test('two inventory names for one lock file in one run: the second finds its own run holding it and goes on', async () => {
  const file = join(dir, 'alias.lock');
  const first = await holdNodeLock(createLocalConnection('pve'), spec(file), { holder: holder('run-x', '/a') });
  held.push(first);
  const alias = await holdNodeLock(createLocalConnection('pve2'), { ...spec(file), name: 'pve2' }, { holder: holder('run-x', '/a'), waitMs: 0 });
  await alias.release();
  assert.is(parseHolder(readFileSync(file, 'utf8'))?.holder.run, 'run-x', 'still held by the run');
  await first.release();
});

test('no flock on the node: refused, naming what is missing', async () => {
  // a node with sh, dirname, mkdir and cat, but no flock
  const bin = join(dir, 'bin-without-flock');
  mkdirSync(bin);
  for (const t of ['sh', 'dirname', 'mkdir', 'cat']) symlinkSync(execFileSync('sh', ['-c', `command -v ${t}`], { encoding: 'utf8' }).trim(), join(bin, t));
  const conn = createLocalConnection('pve', { PATH: bin });
  try {
    await holdNodeLock(conn, spec(join(dir, 'd.lock')), { holder: holder('r', '/c') });
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, `Error: cannot take the node lock ${join(dir, 'd.lock')} on pve (flock (util-linux) is not installed there); nothing was sent to pve`);
  }
});

test.run();
