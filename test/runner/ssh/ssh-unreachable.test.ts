// Failures to reach a node are Unreachable: refused, silent server, bad key, dropped mid-run. No hangs.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { Unreachable } from '../../../src/errors.js';
import { createSshConnection } from '../../../src/runner/ssh/index.js';
import { isSshdAvailable, sshdNodeSpec, startSshd, type Sshd } from '../../helpers/sshd.js';

const unreachable = suite('ssh unreachable (real sshd)');

/** Fail (instead of hanging the whole suite) when a promise does not settle; a watchdog, not a timing check. */
async function settles<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: hung`)), 15_000); });
  try { return await Promise.race([promise, watchdog]); } finally { clearTimeout(timer); }
}

async function failure(promise: Promise<unknown>, what: string): Promise<Error> {
  const outcome = await settles(promise.then(() => undefined, (e: Error) => e), what);
  if (!outcome) throw new Error(`${what}: expected a failure`);
  return outcome;
}

async function listen(onConnection: (socket: import('node:net').Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

unreachable('connection refused', async () => {
  const s = await startSshd({});
  const { server, port } = await listen(() => undefined);
  await new Promise((resolve) => server.close(resolve)); // a port nobody listens on
  try {
    const error = await failure(createSshConnection(sshdNodeSpec(s, { port })), 'connect');
    assert.instance(error, Unreachable);
    assert.is(error.message, `sshd-test: unreachable: connection refused by 127.0.0.1:${port}`);
  } finally {
    await s.stop();
  }
});

unreachable('a server that never speaks SSH times out', async () => {
  const sockets: import('node:net').Socket[] = [];
  const { server, port } = await listen((socket) => { sockets.push(socket); });
  const s = await startSshd({}); // for its client key only
  try {
    const error = await failure(createSshConnection(sshdNodeSpec(s, { port }), { connectTimeoutMs: 300 }), 'connect');
    assert.instance(error, Unreachable);
    assert.match(error.message, /timed out after 300 ms connecting to 127\.0\.0\.1/);
  } finally {
    sockets.forEach((socket) => socket.destroy());
    server.close();
    await s.stop();
  }
});

unreachable('a key the server does not accept is an authentication failure', async () => {
  const s = await startSshd({});
  try {
    const otherKey = join(s.dir, 'other_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
    const error = await failure(createSshConnection(sshdNodeSpec(s, { identityFile: otherKey })), 'connect');
    assert.instance(error, Unreachable);
    assert.match(error.message, new RegExp(`authentication failed for ${s.user}@127\\.0\\.0\\.1:${s.port} using key ${otherKey}`));
    const missing = await failure(createSshConnection(sshdNodeSpec(s, { identityFile: join(s.dir, 'nope') })), 'connect');
    assert.instance(missing, Unreachable);
    assert.match(missing.message, /cannot read identity file .*nope \(ENOENT\)/);
  } finally {
    await s.stop();
  }
});

unreachable('ssh-agent authentication when the node has no identityFile', async () => {
  if (!existsSync('/usr/bin/ssh-agent')) return;
  const s = await startSshd({});
  const socket = join(s.dir, 'agent.sock');
  let agent: ChildProcess | undefined;
  try {
    agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    for (let i = 0; i < 200 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 10));
    execFileSync('ssh-add', ['-q', s.identityFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    const { identityFile: _key, ...noKey } = sshdNodeSpec(s);
    const conn = await createSshConnection(noKey, { agentSocket: socket });
    assert.is((await conn.exec(['echo', 'via agent'])).stdout, 'via agent\n');
    await conn.close();
  } finally {
    agent?.kill();
    await s.stop();
  }
});

unreachable('sshd killed mid-run: in-flight and later execs reject with Unreachable', async () => {
  const s = await startSshd({});
  try {
    const conn = await createSshConnection(sshdNodeSpec(s));
    assert.is((await conn.exec(['true'])).code, 0);
    const inFlight = conn.exec(['sleep', '60']);
    const queued = Array.from({ length: 12 }, () => conn.exec(['sleep', '60']));
    await new Promise((r) => setTimeout(r, 200));
    s.kill();
    for (const [i, p] of [inFlight, ...queued].entries()) {
      const error = await failure(p, `exec ${i}`);
      assert.instance(error, Unreachable);
      assert.match(error.message, /^sshd-test: unreachable: connection lost: /);
    }
    const later = await failure(conn.exec(['true']), 'exec after loss');
    assert.instance(later, Unreachable);
    await conn.close();
  } finally {
    await s.stop();
  }
});

unreachable('a node that stops answering (frozen sshd) is detected by keepalive, not waited on forever', async () => {
  const s = await startSshd({});
  try {
    const conn = await createSshConnection(sshdNodeSpec(s), { keepaliveIntervalMs: 100 });
    assert.is((await conn.exec(['true'])).code, 0);
    const inFlight = conn.exec(['sleep', '60']);
    await new Promise((r) => setTimeout(r, 200));
    s.freeze();
    const error = await failure(inFlight, 'exec on a frozen node');
    assert.instance(error, Unreachable);
    assert.match(error.message, /connection lost: .*[Kk]eepalive/);
    await conn.close();
  } finally {
    await s.stop();
  }
});

unreachable('exec after close rejects with Unreachable', async () => {
  const s = await startSshd({});
  try {
    const conn = await createSshConnection(sshdNodeSpec(s));
    await conn.close();
    const error = await failure(conn.exec(['true']), 'exec after close');
    assert.instance(error, Unreachable);
  } finally {
    await s.stop();
  }
});

if (isSshdAvailable()) unreachable.run();
