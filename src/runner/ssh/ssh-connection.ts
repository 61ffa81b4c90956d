// Connect to a node over SSH: one persistent node-ssh connection, host key checked against
// known_hosts, every failure to connect (refused, timeout, auth, host key) thrown as Unreachable.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NodeSSH } from 'node-ssh';
import { Unreachable } from '../../errors.js';
import type { Connection } from '../connection.js';
import type { NodeSpec } from '../../inventory/model.js';
import { connectFailureReason } from './connect-errors.js';
import { createHostKeyPolicy } from './host-key-check.js';
import { knownHostName } from './known-hosts.js';
import { expandHome, pickAuth } from './ssh-auth.js';
import { SshConnection, type ClientEvents } from './ssh-session.js';

/** OpenSSH's default MaxSessions is 10; keep two spare for the user's own ssh. */
export const MAX_CHANNELS = 8;

export interface SshConnectOptions {
  /** Record unknown host keys in the known_hosts file (never overrides a changed key). */
  acceptNewHostKeys?: boolean;
  /** Time allowed for TCP connect + handshake + auth (ssh2 readyTimeout). Default 10 s. */
  connectTimeoutMs?: number;
  /** Keepalive probe interval; three missed probes drop the connection. Default 15 s. */
  keepaliveIntervalMs?: number;
  /** ssh-agent socket when the node has no identityFile. Default $SSH_AUTH_SOCK. */
  agentSocket?: string;
  /** Concurrent channels on this connection. Default MAX_CHANNELS. */
  maxChannels?: number;
}

export async function createSshConnection(spec: NodeSpec, opts: SshConnectOptions = {}): Promise<Connection> {
  const host = spec.host ?? spec.name;
  const port = spec.port ?? 22;
  const user = spec.user ?? 'root';
  const timeoutMs = opts.connectTimeoutMs ?? 10_000;
  const knownHostsFile = expandHome(spec.knownHostsFile ?? join(homedir(), '.ssh', 'known_hosts'));
  const auth = pickAuth(spec.name, spec.identityFile, opts.agentSocket ?? process.env.SSH_AUTH_SOCK);
  const policy = createHostKeyPolicy({
    file: knownHostsFile, name: knownHostName(host, port), acceptNew: opts.acceptNewHostKeys === true,
  });
  let verifierError: string | undefined;
  const ssh = new NodeSSH();
  try {
    await ssh.connect({
      host, port, username: user,
      readyTimeout: timeoutMs,
      keepaliveInterval: opts.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
      algorithms: { serverHostKey: policy.algorithms },
      hostVerifier: (key: Buffer): boolean => {
        try {
          return policy.verify(key);
        } catch (error) {
          verifierError = `cannot use known_hosts file ${knownHostsFile}: ${(error as Error).message}`;
          return false;
        }
      },
      ...auth.config,
    });
  } catch (error) {
    ssh.dispose();
    const reason = verifierError ?? policy.refusal()
      ?? connectFailureReason(error, { user, host, port, auth: auth.describe, timeoutMs });
    throw new Unreachable(spec.name, reason);
  }
  const client = ssh.connection as unknown as ClientEvents | null;
  if (client === null) throw new Unreachable(spec.name, `${host}:${port}: connection closed right after login`);
  return new SshConnection(spec.name, ssh, client, opts.maxChannels ?? MAX_CHANNELS);
}
