// Which key to authenticate with: the node's identityFile, else the ssh-agent (SSH_AUTH_SOCK), else
// the usual ~/.ssh/id_* files. Returns ssh2 config fields plus a description for error messages.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Unreachable } from '../../errors.js';

export interface SshAuth {
  config: { privateKey: string } | { agent: string };
  /** e.g. `key /root/.ssh/id_ed25519` or `ssh-agent (/tmp/agent.sock)`. */
  describe: string;
}

export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function readKey(node: string, file: string): SshAuth {
  try {
    return { config: { privateKey: readFileSync(file, 'utf8') }, describe: `key ${file}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Unreachable(node, `cannot read identity file ${file} (${code})`);
  }
}

export function pickAuth(node: string, identityFile: string | undefined, agentSocket: string | undefined): SshAuth {
  if (identityFile !== undefined && identityFile !== '') return readKey(node, expandHome(identityFile));
  if (agentSocket !== undefined && agentSocket !== '') {
    return { config: { agent: agentSocket }, describe: `ssh-agent (${agentSocket})` };
  }
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const file = join(homedir(), '.ssh', name);
    if (existsSync(file)) return readKey(node, file);
  }
  throw new Unreachable(node, 'no SSH identity: set identityFile for the node or run an ssh-agent (SSH_AUTH_SOCK)');
}
