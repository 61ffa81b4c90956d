// The warm worker pool (src/pool/, lib/pool-client.pl) against the plain `node main.js` path: the same bytes on the
// same fds and the same exit codes, output streamed while the call runs, calls served side by side and while others
// wait on them, a killed caller that takes its guest command with it and leaves the pool serving, and the fallback
// to node when there is no pool behind the socket.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { binDir } from '../src/node-env.js';
import { makeSimState, type SimState } from '../src/harness.js';
import { startPool, type SimPool } from '../src/pool/start-pool.js';

let pool: SimPool;
const sims: SimState[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'pve-sim-pool-test-'));
const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

/** A fresh node, its environment without any pool. */
function node(): SimState {
  const s = makeSimState();
  delete s.env['PVE_SIM_SOCKET'];
  sims.push(s);
  return s;
}
const pooled = (env: Record<string, string>): Record<string, string> => ({ ...env, PVE_SIM_SOCKET: pool.socket });

interface Out { code: number | null; signal: string | null; stdout: string; stderr: string }
function run(argv: readonly string[], env: Record<string, string>, o: { input?: string; cwd?: string } = {}): Out {
  const r = spawnSync(argv[0] as string, argv.slice(1), { env, input: o.input ?? '', cwd: o.cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
/** A shell command line with the node's tools on PATH (for redirections the test cannot make with spawn). */
const sh = (line: string): string[] => ['sh', '-c', line];

/** Fails instead of hanging when `p` does not settle (a pool that queues or buffers would deadlock these tests). */
function guard<T>(what: string, p: Promise<T>, child?: ChildProcessWithoutNullStreams): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, rej) => { timer = setTimeout(() => { child?.kill('SIGKILL'); rej(new Error(`${what}: never happened`)); }, 60_000); })])
    .finally(() => clearTimeout(timer));
}
function spawned(argv: readonly string[], env: Record<string, string>): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string; closed: Promise<{ code: number | null; signal: string | null }> } {
  const child = spawn(argv[0] as string, argv.slice(1), { env, detached: true });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  const closed = new Promise<{ code: number | null; signal: string | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
  return { child, out: () => out, err: () => err, closed };
}
async function until(what: string, cond: () => boolean, child?: ChildProcessWithoutNullStreams): Promise<void> {
  await guard(what, (async () => { while (!cond()) await new Promise((r) => setTimeout(r, 20)); })(), child);
}
/** Pids of processes whose argv is exactly `argv` (a guest command left behind). */
function processes(argv: readonly string[]): number[] {
  const want = `${argv.join('\0')}\0`;
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return readFileSync(`/proc/${d}/cmdline`, 'latin1') === want; } catch { return false; }
  }).map(Number);
}

/** A running CT 960 on a fresh node (made through the pool: the first test shows it makes the same). */
function withCt(): SimState {
  const s = node();
  for (const argv of [['pct', 'create', '960', TEMPLATE, '--rootfs', 'local-lvm:4', '--hostname', 'ex'], ['pct', 'start', '960']]) {
    const r = run(argv, pooled(s.env));
    assert.is(r.code, 0, r.stderr);
  }
  return s;
}

test.before(async () => { pool = await startPool(); });
test.after(async () => {
  await pool.close();
  for (const s of sims) s.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

// the only bytes that differ between two runs of these commands: the host key's fingerprint comes from the clock
const steady = (r: Out): Out => ({ ...r, stdout: r.stdout.replace(/SHA256:\S+/g, 'SHA256:…') });
const CALLS: Array<{ argv: string[]; input?: string }> = [
  { argv: ['pct', 'create', '960', TEMPLATE, '--rootfs', 'local-lvm:4', '--hostname', 'ex', '--memory', '512'] },
  { argv: ['pct', 'config', '960'] },
  { argv: ['pct', 'set', '960', '--memory', 'abc'] },
  { argv: ['pct', 'frobnicate'] },
  { argv: ['pct', 'status', '999'] },
  { argv: ['pct', 'start', '960'] },
  { argv: ['pct', 'list'] },
  { argv: ['pvesh', 'get', '/nodes/pve/lxc/960/config', '--output-format', 'json'] },
  { argv: ['pvesh', 'get', '/nodes/pve/nope'] },
  { argv: ['pvesm', 'status'] },
  { argv: ['zfs', 'list'] },
  { argv: ['qm', 'list'] },
  { argv: ['smbpasswd', '-a', '-s', 'root'], input: 'pw\npw\n' },
  { argv: ['smbpasswd', '-a', '-s', 'root'], input: 'pw\nother\n' },
  { argv: ['pct', 'exec', '960', '--', 'sh', '-c', 'cat; echo to-stderr >&2; printf "no newline"; exit 3'], input: 'line one\nline two\n' },
  { argv: ['pct', 'exec', '960', '--', 'sh', '-c', 'wc -c; exit 0'], input: 'x'.repeat(300_000) },
  { argv: ['pct', 'exec', '960'] },
  { argv: sh('pct exec 960 -- sh -c "echo a; echo b >&2; echo c; echo d >&2" 2>&1') },
  { argv: sh('pct exec 960 -- cat <&-; echo "code $?"') },
  { argv: sh('pct list >&-; echo "code $?" >&2') },
  { argv: ['pct', 'unlock', '960'] },
];

test('each call gives the same stdout, stderr and exit code with and without the pool, and the same audit lines', () => {
  const plain = node();
  const warm = node();
  for (const c of CALLS) {
    const a = steady(run(c.argv, plain.env, c));
    const b = steady(run(c.argv, pooled(warm.env), c));
    assert.equal(b, a, c.argv.join(' '));
  }
  const fields = (s: SimState): unknown[] => s.audit().map(({ ts: _t, ms: _m, lockMs: _l, lockWaitMs: _w, ...rest }) => rest);
  assert.equal(fields(warm), fields(plain));
  assert.ok(fields(plain).length >= CALLS.length);
});

test('the pool serves the calls: they work with no node on PATH (where the fallback fails)', async () => {
  const s = node();
  const bin = join(scratch, 'no-node');
  mkdirSync(bin);
  for (const t of ['perl', 'readlink']) symlinkSync(spawnSync('sh', ['-c', `command -v ${t}`], { encoding: 'utf8' }).stdout.trim(), join(bin, t));
  const env = { ...s.env, PATH: `${binDir}:${bin}` };
  const n = (await pool.stats()).served;
  const r = run(['pct', 'list'], pooled(env));
  assert.equal([r.code, r.stderr], [0, '']);
  assert.is((await pool.stats()).served, n + 1);
  assert.is(run(['pct', 'list'], env).code, 127);
});

test('output streams while the call runs, and stdin as it is written', async () => {
  const s = withCt();
  const p = spawned(['pct', 'exec', '960', '--', 'sh', '-c', 'echo first; echo err-first >&2; read x; echo "got $x"'], pooled(s.env));
  await until('the first lines before the command ends', () => p.out() === 'first\n' && p.err() === 'err-first\n', p.child);
  p.child.stdin.write('go\n');
  const end = await guard('the end', p.closed, p.child);
  assert.equal([end.code, p.out()], [0, 'first\ngot go\n']);
});

test('many calls at once, and calls that run while others wait on them (never queued)', async () => {
  const s = withCt();
  const env = pooled(s.env);
  const n = (await pool.stats()).served;
  // eight calls that only end once the test has run another call and passed them its output
  const waiting = Array.from({ length: 8 }, () => spawned(['pct', 'exec', '960', '--', 'sh', '-c', 'echo ready; read x; echo "got $x"'], env));
  for (const w of waiting) await until('a waiting call started', () => w.out() === 'ready\n', w.child);
  const inner = run(['pct', 'config', '960'], env);
  assert.is(inner.code, 0, inner.stderr);
  const hostname = /hostname: (\S+)/.exec(inner.stdout)?.[1];
  for (const w of waiting) w.child.stdin.write(`${hostname}\n`);
  for (const w of waiting) assert.equal([(await guard('a waiting call ended', w.closed, w.child)).code, w.out()], [0, 'ready\ngot ex\n']);
  // and a burst of short calls, mutating ones among them (the cluster lock orders them across workers)
  const burst = await Promise.all(Array.from({ length: 16 }, (_, i) => s.runAsync(i % 2 ? ['pct', 'config', '960'] : ['pct', 'set', '960', '--description', `d${i}`], { env: { PVE_SIM_SOCKET: pool.socket } })));
  assert.equal(burst.map((r) => r.code), Array(16).fill(0), burst.map((r) => r.stderr).join(''));
  assert.is((await pool.stats()).served, n + 8 + 1 + 16);
  const sets = s.audit().filter((e) => e.argv[1] === 'set');
  assert.is(sets.length, 8);
});

test('a call sees its own environment and working directory, not the previous call\'s', () => {
  const s = node();
  const env = pooled(s.env);
  // a variable the previous call had and this one has not: the node name (PVE_SIM_NODE, default pve)
  const { PVE_SIM_NODE: _n, ...noNode } = env;
  for (const e of [{ ...env, PVE_SIM_NODE: 'other' }, noNode, { ...env, PVE_SIM_NODE: 'other' }, noNode]) assert.is(run(['pvesm', 'status'], e).code, 0);
  assert.equal(s.audit().map((a) => a.node), ['other', 'pve', 'other', 'pve']);
  // a relative PVE_SIM_DIR is the caller's cwd's
  const rel = { ...env, PVE_SIM_DIR: basename(s.dir) };
  const r = run(['pct', 'create', '961', TEMPLATE, '--rootfs', 'local-lvm:4'], rel, { cwd: dirname(s.dir) });
  assert.is(r.code, 0, r.stderr);
  assert.ok(s.audit().some((e) => e.argv[2] === '961'));
  // the caller's umask: the config file the simulator writes
  const mode = (n: SimState, e: Record<string, string>, vmid: string): string => {
    const c = run(sh(`umask 077; exec pct create ${vmid} ${TEMPLATE} --rootfs local-lvm:4`), e);
    assert.is(c.code, 0, c.stderr);
    return (statSync(join(n.dir, 'etc/pve/nodes/pve/lxc', `${vmid}.conf`)).mode & 0o777).toString(8);
  };
  assert.is(mode(s, env, '962'), mode(s, s.env, '963'));
});

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  test(`a caller killed with ${signal} mid-call: it dies of it, its guest command with it, no audit line, and the pool serves on`, async () => {
    const s = withCt();
    const env = pooled(s.env);
    // an argv no other process has (not even one a failed earlier run left behind)
    const guest = ['sleep', String(1_000_000 + process.pid * 2 + (signal === 'SIGTERM' ? 0 : 1))];
    const lines = s.audit().length;
    const p = spawned(['pct', 'exec', '960', '--', 'sh', '-c', `echo started; exec ${guest.join(' ')}`], env);
    await until('the guest command started', () => p.out() === 'started\n' && processes(guest).length > 0, p.child);
    process.kill(-(p.child.pid as number), signal); // as Phoenix aborts a command: its process group
    const end = await guard('the killed call ended', p.closed, p.child);
    assert.equal(end, { code: null, signal });
    await until('the guest command ended', () => processes(guest).length === 0);
    assert.is(s.audit().length, lines);
    const n = (await pool.stats()).served;
    const r = run(['pct', 'status', '960'], env);
    assert.equal([r.code, r.stdout], [0, 'status: running\n']);
    assert.is((await pool.stats()).served, n + 1);
  });
}

test('a closed pipe on stdout ends a guest that writes to it (no hang), with the exit code node gives', async () => {
  const codes: Array<number | null> = [];
  const s = withCt();
  for (const env of [s.env, pooled(s.env)]) {
    const p = spawned(['pct', 'exec', '960', '--', 'sh', '-c', 'while :; do echo y; done'], env);
    await until('output', () => p.out().length > 0, p.child);
    p.child.stdout.destroy();
    codes.push((await guard('the call ended', p.closed, p.child)).code);
  }
  assert.is(codes[1], codes[0]);
  assert.is(run(['pct', 'status', '960'], pooled(s.env)).code, 0);
});

test('a socket nobody listens on, or no socket at all: the plain node path', async () => {
  const s = node();
  const stale = join(scratch, 'stale.sock');
  // a listener that dies without closing leaves its socket file behind
  spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`]);
  const plain = run(['pct', 'list'], s.env);
  const n = (await pool.stats()).served;
  const file = join(scratch, 'not-a-socket');
  writeFileSync(file, '');
  for (const at of [stale, join(scratch, 'missing.sock'), file]) {
    assert.equal(run(['pct', 'list'], { ...s.env, PVE_SIM_SOCKET: at }), plain, at);
  }
  // a worker that cannot stand in for the caller's process refuses; the client then runs node itself
  assert.equal(run(['pct', 'list'], { ...pooled(s.env), NODE_OPTIONS: '--no-warnings' }), plain);
  assert.equal(run(['pct', 'list'], { ...pooled(s.env), LC_ALL: 'de_DE.UTF-8' }), run(['pct', 'list'], { ...s.env, LC_ALL: 'de_DE.UTF-8' }));
  assert.is((await pool.stats()).served, n + 2);
});

test('the pool ends with the process that started it, even one killed outright: no manager or worker is left', async () => {
  const starter = spawn(process.execPath, ['--input-type=module', '-e', `
    import { startPool } from ${JSON.stringify(new URL('../src/pool/start-pool.js', import.meta.url).href)};
    const p = await startPool();
    process.stdout.write(p.pid + ' ' + p.socket + '\\n');
    setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  starter.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  await until('the pool started', () => out.endsWith('\n'));
  const [manager, socket] = [Number(out.split(' ')[0]), out.trim().split(' ')[1] as string];
  const children = (pid: number): number[] => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === pid; } catch { return false; }
  }).map(Number);
  await until('its idle workers are up', () => children(manager).length >= 2);
  const workers = children(manager);
  starter.kill('SIGKILL');
  const alive = (pid: number): boolean => { try { process.kill(pid, 0); return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] !== 'Z'; } catch { return false; } };
  await until('the manager and its workers ended', () => ![manager, ...workers].some(alive));
  assert.not.ok(existsSync(dirname(socket)), 'its socket directory is gone');
});

test.run();
