// A real OpenSSH sshd for integration tests: own config, host and client keys in a temp dir, key-only
// auth, 127.0.0.1 on a free port, MaxSessions 10, PATH prefix and env via SetEnv (OpenSSH >= 7.8).
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NodeSpec } from '../../src/inventory/model.js';
import { simBinDir, simNodeEnv, type SimNodeOpts } from './sim.js';

export const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';
const STD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface Sshd {
  port: number;
  host: '127.0.0.1';
  user: string;
  /** Client private key (ed25519, no passphrase) listed in the server's authorized_keys. */
  identityFile: string;
  /** A known_hosts file already holding hostKeyLine. */
  knownHostsFile: string;
  /** `[127.0.0.1]:<port> ssh-ed25519 <base64>` */
  hostKeyLine: string;
  /** One known_hosts line per host key (ed25519 first, then extraHostKeyTypes). */
  hostKeyLines: string[];
  /** Temp directory holding everything above; removed by stop(). */
  dir: string;
  pid: number;
  /** sshd's own log (-e) so far, for diagnosing a failing test. */
  log(): string;
  /** Kill sshd and every session it forked, wait for it, then remove the temp dir. */
  stop(): Promise<void>;
  /** SIGKILL sshd and every session it forked (a crash / dropped node). stop() still cleans up. */
  kill(): void;
  /** SIGSTOP sshd and its sessions: the TCP connection stays up but nothing answers (a hung node). */
  freeze(): void;
}

let warned = false;

/** False (with one clear message) when sshd is missing; in CI (`CI` set) a missing sshd is an error. */
export function isSshdAvailable(): boolean {
  if (existsSync(SSHD) && existsSync(SSH_KEYGEN)) return true;
  const message = `${SSHD} or ${SSH_KEYGEN} not found: install openssh-server (apt-get install -y openssh-server)`;
  if (process.env.CI) throw new Error(`CI must run the sshd tests: ${message}`);
  if (!warned) console.warn(`SKIP real-sshd tests: ${message}`);
  warned = true;
  return false;
}

/** A NodeSpec that reaches `server` with its client key and known_hosts. */
export function sshdNodeSpec(server: Sshd, overrides: Partial<NodeSpec> = {}): NodeSpec {
  return {
    name: 'sshd-test', connection: 'ssh', host: server.host, port: server.port, user: server.user,
    identityFile: server.identityFile, knownHostsFile: server.knownHostsFile, pveRoot: '/etc/pve',
    imageDir: '/var/lib/vz/template/iso', pveNode: 'sshd-test', hostRoot: '/', sharedStorages: [], ...overrides,
  };
}

const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function setEnvLine(env: Record<string, string>): string {
  const pairs = Object.entries(env).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || /["\n\\]/.test(v)) throw new Error(`startSshd: unsupported env ${k}`);
    return `"${k}=${v}"`;
  });
  return pairs.length ? `SetEnv ${pairs.join(' ')}` : '';
}

/**
 * Without PAM, sshd refuses an account whose password field starts with `!` ("account is locked"),
 * even for key auth; some fresh machines ship root that way. Only then fall back to `UsePAM yes`.
 */
function accountLocked(user: string): boolean {
  try {
    const entry = readFileSync('/etc/shadow', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
    return entry?.split(':')[1]?.startsWith('!') ?? false;
  } catch {
    return false;
  }
}

function sshdConfig(dir: string, port: number, env: Record<string, string>, hostKeyTypes: HostKeyType[]): string {
  const usePam = process.env.PHOENIX_SSHD_USEPAM ?? (accountLocked(userInfo().username) ? 'yes' : 'no');
  return [
    `Port ${port}`, 'ListenAddress 127.0.0.1', ...hostKeyTypes.map((t) => `HostKey ${join(dir, `host_${t}`)}`), `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes', 'PermitRootLogin yes', 'StrictModes no', `UsePAM ${usePam}`, 'MaxSessions 10',
    'MaxStartups 100:30:200', 'PrintMotd no', `LogLevel ${process.env.PHOENIX_SSHD_LOGLEVEL ?? 'INFO'}`, setEnvLine(env), '',
  ].join('\n');
}

/** Every descendant of `root` (from /proc), deepest last. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* process gone */ }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift() as number) ?? []) { found.push(child); queue.push(child); }
  }
  return found;
}

/** Signal sshd and its whole tree at once (collected first: orphans would be reparented). */
function signalTree(pid: number, signal: NodeJS.Signals): void {
  for (const target of [pid, ...descendants(pid)]) {
    try { process.kill(target, signal); } catch { /* already gone */ }
  }
}

export type HostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface StartSshdOptions {
  /** Exported to every session through sshd_config SetEnv. */
  env?: Record<string, string>;
  /** Put in front of the remote PATH. */
  pathPrefix?: string;
  /** Host keys besides ed25519. */
  extraHostKeyTypes?: HostKeyType[];
}

export async function startSshd(opts: StartSshdOptions = {}): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-sshd-'));
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privsep dir
  const hostKeyTypes: HostKeyType[] = ['ed25519', ...(opts.extraHostKeyTypes ?? []).filter((t) => t !== 'ed25519')];
  for (const type of hostKeyTypes) {
    const size = type === 'rsa' ? ['-b', '2048'] : [];
    await run(SSH_KEYGEN, ['-q', '-t', type, ...size, '-N', '', '-C', 'phoenix-test-host', '-f', join(dir, `host_${type}`)]);
  }
  await run(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', 'phoenix-test-client', '-f', join(dir, 'client_ed25519')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')));
  // SHLVL=1: bash (root's usual shell) then starts at level 2 and does not source ~/.bashrc for ssh
  // commands, so a developer's bashrc cannot put its own PATH entries in front of pathPrefix.
  const env: Record<string, string> = { SHLVL: '1', ...(opts.env ?? {}) };
  if (opts.pathPrefix !== undefined) env.PATH = `${opts.pathPrefix}:${env.PATH ?? STD_PATH}`;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    writeFileSync(join(dir, 'sshd_config'), sshdConfig(dir, port, env, hostKeyTypes));
    try {
      return await launch(dir, port, hostKeyTypes);
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test(String(error))) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/**
 * An sshd in front of a simulated node: the simulator's bin first on the remote PATH and its PVE_SIM_* variables in
 * every session's environment, so an ordinary `connection: ssh` node reaches it. `stateDir` must be absolute.
 */
export function startSimSshd(stateDir: string, o: SimNodeOpts & { env?: Record<string, string> } = {}): Promise<Sshd> {
  return startSshd({ pathPrefix: simBinDir, env: { ...simNodeEnv(stateDir, o), ...o.env } });
}

/** The inventory entry (as written in a phoenix config) of the simulated node behind `server` (see startSimSshd). */
export function simSshNodeConfig(server: Sshd, stateDir: string, o: SimNodeOpts = {}): Record<string, unknown> {
  return {
    connection: 'ssh', host: server.host, port: server.port, user: server.user, identityFile: server.identityFile,
    knownHostsFile: server.knownHostsFile, pveRoot: o.pveDir ?? join(stateDir, 'etc', 'pve'), hostRoot: join(stateDir, 'host'),
    lockFile: join(stateDir, 'node.lock'),
    ...(o.node !== undefined ? { pveNode: o.node } : {}),
  };
}

async function launch(dir: string, port: number, hostKeyTypes: HostKeyType[]): Promise<Sshd> {
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      log += chunk;
      if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`sshd exited (${code ?? signal}) before listening:\n${log}`)));
  });
  const pid = child.pid as number;
  const hostKeyLines = hostKeyTypes.map((t) =>
    `[127.0.0.1]:${port} ${readFileSync(join(dir, `host_${t}.pub`), 'utf8').split(' ').slice(0, 2).join(' ')}`);
  const hostKeyLine = hostKeyLines[0] as string;
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, hostKeyLines.map((l) => `${l}\n`).join(''));
  return {
    log: () => log,
    port, host: '127.0.0.1', user: userInfo().username, identityFile: join(dir, 'client_ed25519'),
    knownHostsFile, hostKeyLine, hostKeyLines, dir, pid,
    kill: () => signalTree(pid, 'SIGKILL'),
    freeze: () => signalTree(pid, 'SIGSTOP'),
    async stop() {
      signalTree(pid, 'SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
