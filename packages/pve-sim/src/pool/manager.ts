// The pool manager: `node dist/src/pool/manager.js <socket>` (started by start-pool.ts). It listens on the unix
// socket and hands every connection, unread, to an idle warm worker (worker.ts), forking one when none is idle:
// calls are never queued, since a call can wait on another (a host-side script's `pct exec` runs while the
// script's own call does). It keeps a few workers idle and retires the rest.
// It lives as long as the process that started it: that process holds the write end of this one's stdin, and the
// kernel closes it however that process ends (even SIGKILL), so EOF on stdin ends the pool and its workers.
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf } from './proc-cpu.js';

const socketPath = process.argv[2];
if (!socketPath) { process.stderr.write('usage: manager.js <socket> [min-idle] [max-idle] [own-dir]\n'); process.exit(2); }
/** The socket's directory is the pool's own (start-pool.ts made it): it goes with the socket. */
const OWN_DIR = process.argv[5] === 'own-dir';
/**
 * Idle workers kept ready (forked ahead of need), and the most kept idle at all. A worker beyond MIN_IDLE retires
 * once it has been idle for IDLE_RETIRE_MS: a test run's bursts of parallel calls reuse the workers of the last
 * burst instead of forking (and warming up) new ones each time.
 */
const MIN_IDLE = Number(process.argv[3] ?? 2);
const MAX_IDLE = Math.max(MIN_IDLE, Number(process.argv[4] ?? 16));
const IDLE_RETIRE_MS = 120_000;
/** A worker serves this many calls, then a fresh one takes over (bounds whatever a long-lived heap collects). */
const CALLS_PER_WORKER = 1000;

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

interface Worker { child: ChildProcess; calls: number; idleSince: number }
const idle: Worker[] = [];
const all = new Set<Worker>();
let closing = false;
let served = 0;
let forked = 0;

function spawnWorker(): Worker {
  // stdout is not the worker's to use (a call's output goes over its connection); stderr is the pool's
  const child = fork(WORKER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
  const w: Worker = { child, calls: 0, idleSince: Date.now() };
  forked++;
  all.add(w);
  child.on('message', (m: { t?: string }) => {
    if (m?.t !== 'idle') return;
    if (closing || w.calls >= CALLS_PER_WORKER || idle.length >= MAX_IDLE) { retire(w); return; }
    w.idleSince = Date.now();
    idle.push(w); // the most recently used is taken first (hand), so the long idle ones age out
  });
  child.on('exit', () => {
    all.delete(w);
    const at = idle.indexOf(w);
    if (at >= 0) idle.splice(at, 1);
    topUp();
  });
  child.on('error', () => { /* it exits: handled there */ });
  return w;
}

function retire(w: Worker): void {
  try { w.child.send({ t: 'retire' }); } catch { w.child.kill(); }
}

/** Keep MIN_IDLE workers ready for the next calls. */
function topUp(): void {
  while (!closing && idle.length < MIN_IDLE) idle.push(spawnWorker());
}

setInterval(() => {
  while (idle.length > MIN_IDLE && Date.now() - (idle[0] as Worker).idleSince > IDLE_RETIRE_MS) retire(idle.shift() as Worker);
}, 5_000).unref();

function hand(socket: Socket): void {
  const w = idle.pop() ?? spawnWorker();
  w.calls++;
  served++;
  // a connection no worker took is closed unanswered: the client then runs the call itself (protocol.ts `a`)
  const lost = (): void => { socket.destroy(); };
  try {
    w.child.send({ t: 'call' }, socket, (e) => { if (e) lost(); });
  } catch {
    lost();
  }
  topUp();
}

// pauseOnConnect: the manager never reads a byte of a connection; the worker gets it whole
const server = createServer({ pauseOnConnect: true }, hand);
server.on('error', (e) => { process.stderr.write(`pve-sim pool: ${e.message}\n`); process.exit(1); });

function shutdown(): void {
  if (closing) return;
  closing = true;
  server.close();
  rmSync(OWN_DIR ? dirname(socketPath as string) : (socketPath as string), { recursive: true, force: true });
  // workers exit when their IPC channel closes (worker.ts 'disconnect'); a busy one ends its guest commands first
  for (const w of all) w.child.disconnect();
  setTimeout(() => { for (const w of all) w.child.kill('SIGKILL'); process.exit(0); }, 2000).unref();
}

server.listen(socketPath, () => {
  topUp();
  process.stdout.write(`ready ${process.pid}\n`);
});
process.stdin.on('data', (b: Buffer) => {
  // `stats`: calls served (tests tell a served call from a fallback by it), workers forked, and the CPU the pool has
  // used (this process, its exited workers, the live ones; guest commands included once their worker has waited)
  if (!b.toString().includes('stats')) return;
  const cpu = cpuSecondsOf('self', true) + [...all].reduce((n, w) => n + (w.child.pid ? cpuSecondsOf(w.child.pid, true) : 0), 0);
  process.stdout.write(`served ${served} forked ${forked} workers ${all.size} cpu ${cpu.toFixed(2)}\n`);
});
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
