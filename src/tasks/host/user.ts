// host.user: a local account with its shell, sudo membership, password hash and a managed block of
// ~/.ssh/authorized_keys. Everything is planned up front: the keys are written by a fixed script that looks the
// account up on the node, so a user created in the same step needs no ids or home read back in between.
import { absPath, arr, bool, obj, oneOf, secretRefSchema, str } from '../schema.js';
import { act, cmd, create, noop, update, type Command, type PlanEnv, type Secretish, type StdinPart, type TaskDef } from '../types.js';
import { gathered, hostOf, type UserFacts } from './host-facts.js';
import { blockIsCurrent, withBlock } from './managed-block.js';
import { chrootArgs, keysCommand, prefixArgs, userNameSchema } from './user-db.js';
import { absPathSchema, underRoot } from './write-file.js';

export interface HostUserParams {
  user: string;
  /** Host root: `/`, or the simulated host directory (the account files live under it). */
  root: string;
  /** Login shell; absent = useradd's default on create, left alone afterwards. */
  shell?: string;
  /** Member of the `sudo` group (true) or not (false); absent = membership left alone. */
  sudo?: boolean;
  /** crypt(3) hash to set; absent = leave the password alone (the config's `NOT_SET`). */
  passwordHash?: Secretish;
  /** Public keys for the managed block of ~/.ssh/authorized_keys; empty removes the block. */
  sshKeys: string[];
}

/** A hash is one `user:hash` line for chpasswd: no line break, no `:`. */
export const HASH_PATTERN = '^[^:\\r\\n\\x00]+$';

function hashOf(p: HostUserParams, env: PlanEnv): string | undefined {
  const h = p.passwordHash;
  if (h === undefined) return undefined;
  // the comparison with the current hash needs the value; the command still carries only the reference
  const v = typeof h === 'string' ? h : env.secret(h);
  if (!new RegExp(HASH_PATTERN).test(v)) throw new Error(`user ${p.user}: the password hash must be one line without ':'`);
  return v;
}

interface Todo { create: boolean; shell: boolean; sudo: 'add' | 'remove' | null; hash: boolean; keys: boolean }

function todo(u: UserFacts | null, p: HostUserParams, hash: string | undefined): Todo {
  if (!u) return { create: true, shell: false, sudo: null, hash: hash !== undefined, keys: p.sshKeys.length > 0 };
  const inSudo = u.groups.includes('sudo');
  return {
    create: false,
    shell: p.shell !== undefined && u.shell !== p.shell,
    sudo: p.sudo === true && !inSudo ? 'add' : p.sudo === false && inSudo ? 'remove' : null,
    hash: hash !== undefined && u.passwordHash !== hash,
    keys: !blockIsCurrent(u.authorizedKeys, p.sshKeys, keysFile(p, u.home)),
  };
}

const keysFile = (p: HostUserParams, home: string): string => underRoot(p.root, `${home}/.ssh/authorized_keys`);

function commands(u: UserFacts | null, p: HostUserParams, t: Todo): Command[] {
  const pre = prefixArgs(p.root);
  const out: Command[] = [];
  if (t.create) out.push(cmd(['useradd', ...pre, '-m', ...(p.shell ? ['-s', p.shell] : []), ...(p.sudo ? ['-G', 'sudo'] : []), p.user]));
  const mod = [...(t.shell && p.shell ? ['-s', p.shell] : []), ...(t.sudo === 'add' ? ['-a', '-G', 'sudo'] : t.sudo === 'remove' ? ['-r', '-G', 'sudo'] : [])];
  if (mod.length) out.push(cmd(['usermod', ...pre, ...mod, p.user]));
  if (t.hash && p.passwordHash !== undefined) {
    const hash: StdinPart = typeof p.passwordHash === 'string' ? p.passwordHash : { secret: p.passwordHash };
    out.push(cmd(['chpasswd', '-e', ...chrootArgs(p.root)], { stdin: [`${p.user}:`, hash, '\n'], what: `password of ${p.user}` }));
  }
  if (t.keys) out.push(keysCommand(p.root, p.user, withBlock(u?.authorizedKeys ?? null, p.sshKeys, keysFile(p, u?.home ?? `/home/${p.user}`))));
  return out;
}

export const hostUser: TaskDef<HostUserParams, 'host.user'> = {
  name: 'host.user',
  schema: obj({
    user: userNameSchema,
    root: absPathSchema,
    // the last field of the /etc/passwd line useradd writes: no ':' (the field separator), no `.`/`..` segment
    shell: absPath(':\\s'),
    sudo: bool(),
    passwordHash: oneOf(str({ pattern: HASH_PATTERN }), secretRefSchema),
    // one key per line of the managed block
    sshKeys: arr(str({ pattern: '^[^\\r\\n\\x00]+$' })),
  }, ['user', 'root', 'sshKeys']),
  mutates: true,
  reconfigure: false,
  owned: false,
  reread: 'host',
  guests: () => [],
  hostQuery: (p) => ({ users: [p.user] }),
  title: (p) => `user ${p.user}${p.sudo ? ' (sudo)' : ''}`,
  plan(facts, p, env) {
    const u = gathered(hostOf(facts).users, p.user, 'user', facts.node);
    const t = todo(u, p, hashOf(p, env));
    const parts: string[] = [];
    if (t.create) parts.push(`useradd -m${p.shell ? ` -s ${p.shell}` : ''}${p.sudo ? ' -G sudo' : ''} ${p.user}`);
    if (t.shell) parts.push(`shell ${u?.shell} -> ${p.shell}`);
    if (t.sudo) parts.push(t.sudo === 'add' ? 'add to group sudo' : 'remove from group sudo');
    if (t.hash) parts.push('set the password hash');
    if (t.keys) parts.push(p.sshKeys.length ? `authorized_keys: ${p.sshKeys.length} key${p.sshKeys.length === 1 ? '' : 's'}` : 'authorized_keys: remove the managed block');
    if (!parts.length) return noop();
    return act(t.create ? create(parts.join('; ')) : update(parts.join('; ')), ...commands(u, p, t));
  },
};
