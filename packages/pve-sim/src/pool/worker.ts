// A warm pool worker (forked by pool/manager.ts): it receives one client connection at a time, makes itself look
// like the fresh `node main.js <tool> args...` process the client stands in for (the caller's environment, working
// directory and umask), runs the call (run-call.ts) with the connection as its stdio, and is then ready for the next.
// One call at a time: concurrent calls are separate processes, so locks (a file naming the owner's pid) and module
// state behave as without the pool.
import type { Socket } from 'node:net';
import { readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCall } from '../run-call.js';
import { FrameReader, frame, parseHeader, PROTOCOL_VERSION, type CallHeader } from './protocol.js';
import { SocketCall } from './socket-io.js';

const MAIN = realpathSync(fileURLToPath(new URL('../main.js', import.meta.url)));
// What node takes from the environment only at its start: its options, and the locale ICU makes the default
// (localeCompare sorts config keys): the first of LC_ALL, LC_MESSAGES, LANG that is set, without its codeset;
// C, POSIX and none at all give en-US, as en_US does. A call that differs is one this process cannot stand in for.
const icuLocale = (env: NodeJS.ProcessEnv): string => {
  const v = (env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '').replace(/\.[^@]*/, '');
  return v === '' || v === 'C' || v === 'POSIX' ? 'en_US' : v;
};
const AT_START = { nodeOptions: process.env['NODE_OPTIONS'] ?? '', locale: icuLocale(process.env) };

let current: SocketCall | undefined;

const exitWorker = (): never => process.exit(0);

// bin/<tool> names main.js by the path it was run by (it resolves symlinks only when $0 is one)
const mains = new Map<string, string>();
function realMain(p: string): string {
  let r = mains.get(p);
  if (r === undefined) {
    try { r = realpathSync(p); } catch { r = ''; }
    mains.set(p, r);
  }
  return r;
}

/** Why this worker cannot be the process the client stands in for (it then runs `node main.js` itself). */
function refusal(h: CallHeader): string | undefined {
  if (h.version !== PROTOCOL_VERSION) return 'protocol version';
  if (realMain(h.main) !== MAIN) return 'another build';
  if (h.uid !== process.getuid?.()) return 'another user';
  if ((h.env['NODE_OPTIONS'] ?? '') !== AT_START.nodeOptions) return 'NODE_OPTIONS';
  if (icuLocale(h.env) !== AT_START.locale) return 'locale';
  return undefined;
}

/** The caller's environment, working directory and umask, as a process started by it would have them. */
function becomeCaller(h: CallHeader): boolean {
  try {
    process.chdir(h.cwd);
  } catch {
    return false;
  }
  // the same process.env object, emptied and refilled: its setters keep the C environment (and TZ) in step
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, h.env);
  process.umask(h.umask);
  return true;
}

function serve(socket: Socket): void {
  if (current) {
    // the manager hands a worker one call at a time; should it not, the client runs the call itself
    socket.end(frame('f'));
    return;
  }
  let call: SocketCall | undefined;
  let started = false;
  const reader = new FrameReader((type, payload) => {
    if (started) { call?.onFrame(type, payload); return; }
    started = true;
    const h = type === 'h' ? parseHeader(payload) : undefined;
    if (!h || refusal(h) || !becomeCaller(h)) { socket.end(frame('f')); return; }
    call = new SocketCall(socket, h.merged, exitWorker);
    current = call;
    socket.write(frame('a'));
    void run(call, h.argv, socket);
  });
  socket.on('data', (b: Buffer) => reader.push(b));
  socket.on('error', () => { /* EPIPE / ECONNRESET: the client is gone; 'close' follows */ });
  socket.on('close', () => call?.onClientGone());
}

async function run(call: SocketCall, argv: string[], socket: Socket): Promise<void> {
  let code: number;
  try {
    code = await runCall(argv, call.io);
  } catch (e) {
    call.io.err(`${String(e)}\n`);
    code = 255;
  }
  call.finish(code);
  current = undefined;
  process.chdir('/');
  process.send?.({ t: 'idle' });
}

/**
 * What would have killed a `node main.js` process kills its call here: the error on the call's stderr, exit code 1
 * (node's for an uncaught exception), no audit line; then this worker exits, since the call's state is unknown.
 */
function crash(e: unknown): void {
  const call = current;
  if (!call) { process.stderr.write(`pve-sim pool worker: ${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); }
  call.killGuests('SIGKILL');
  call.io.err(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  call.finish(1);
  setTimeout(() => process.exit(1), 50);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

process.on('message', (m: { t?: string }, handle: unknown) => {
  if (m?.t === 'call' && handle) serve(handle as Socket);
  else if (m?.t === 'retire' && !current) process.exit(0);
});
// the manager is gone (the test run ended or was killed): so are its calls
process.on('disconnect', () => { current?.killGuests('SIGKILL'); process.exit(0); });

// warm up: load every module of the simulator now (tools, subcommands, the argv validator), not in the first calls;
// none does anything on import but main.js, which is the process entry, and this directory
async function warmUp(dir: string): Promise<void> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'pool') await warmUp(p); }
    else if (e.name.endsWith('.js') && p !== MAIN) await import(pathToFileURL(p).href);
  }
}
warmUp(dirname(MAIN)).catch(() => { /* warming up only saves time */ });
