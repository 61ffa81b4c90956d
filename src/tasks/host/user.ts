// host.user: a local account with its shell, sudo membership, password hash (on stdin, never argv) and a managed
// block of authorized_keys. (The original prompted for a password interactively for one of its two users.)
import { create, none, update, type TaskDef , type Secretish } from '../types.js';
import { gathered, hostOf, type UserFacts } from './host-facts.js';
import { blockIsCurrent, withBlock } from './managed-block.js';
import { chrootArgs, parsePasswdLine, passwdProbe, prefixArgs } from './user-db.js';
import { underRoot, writeHostFile } from './write-file.js';

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

interface Todo { create: boolean; shell: boolean; sudo: 'add' | 'remove' | null; hash: boolean; keys: boolean }

const hashOf = (p: HostUserParams, secret?: (ref: { $secret: string }) => string): string | undefined => {
  const h = p.passwordHash;
  if (h === undefined || typeof h === 'string') return h;
  if (!secret) throw new Error(`user ${p.user}: password_hash is a secret reference, but no secret resolver is available`);
  return secret(h);
};

function todo(u: UserFacts | null, p: HostUserParams, keysFile: string, hash: string | undefined): Todo {
  if (!u) return { create: true, shell: false, sudo: null, hash: !!hash, keys: p.sshKeys.length > 0 };
  const inSudo = u.groups.includes('sudo');
  return {
    create: false,
    shell: p.shell !== undefined && u.shell !== p.shell,
    sudo: p.sudo === true && !inSudo ? 'add' : p.sudo === false && inSudo ? 'remove' : null,
    hash: !!hash && u.passwordHash !== hash,
    keys: !blockIsCurrent(u.authorizedKeys, p.sshKeys, keysFile),
  };
}

const keysPath = (p: HostUserParams, home: string): string => underRoot(p.root, `${home}/.ssh/authorized_keys`);

export const hostUser: TaskDef<HostUserParams> = {
  name: 'host.user',
  mutates: true,
  title: (p) => `user ${p.user}${p.sudo ? ' (sudo)' : ''}`,
  check(facts, p, env) {
    const u = gathered(hostOf(facts).users, p.user, 'user', facts.node);
    const t = todo(u, p, keysPath(p, u?.home ?? `/home/${p.user}`), hashOf(p, env?.secret));
    const parts: string[] = [];
    if (t.create) parts.push(`useradd -m${p.shell ? ` -s ${p.shell}` : ''}${p.sudo ? ' -G sudo' : ''} ${p.user}`);
    if (t.shell) parts.push(`shell ${u?.shell} -> ${p.shell}`);
    if (t.sudo) parts.push(t.sudo === 'add' ? 'add to group sudo' : 'remove from group sudo');
    if (t.hash) parts.push('set the password hash');
    if (t.keys) parts.push(p.sshKeys.length ? `authorized_keys: ${p.sshKeys.length} key${p.sshKeys.length === 1 ? '' : 's'}` : 'authorized_keys: remove the managed block');
    if (!parts.length) return none();
    return t.create ? create(parts.join('; ')) : update(parts.join('; '));
  },
  async apply(ctx, p) {
    const host = hostOf(ctx.facts);
    let u = gathered(host.users, p.user, 'user', ctx.facts.node);
    const hash = hashOf(p, ctx.secret);
    const t = todo(u, p, keysPath(p, u?.home ?? `/home/${p.user}`), hash);
    const pre = prefixArgs(p.root);
    if (t.create) {
      await ctx.run(['useradd', ...pre, '-m', ...(p.shell ? ['-s', p.shell] : []), ...(p.sudo ? ['-G', 'sudo'] : []), p.user]);
      const line = parsePasswdLine(await ctx.run(passwdProbe(p.root, p.user)));
      if (!line) throw new Error(`useradd ${p.user} succeeded but the account is not in ${underRoot(p.root, '/etc/passwd')}`);
      u = { ...line, groups: p.sudo ? ['sudo'] : [], passwordHash: '', authorizedKeys: null };
      host.users[p.user] = u;
    }
    if (!u) return;
    if (t.shell && p.shell) { await ctx.run(['usermod', ...pre, '-s', p.shell, p.user]); u.shell = p.shell; }
    if (t.sudo === 'add') { await ctx.run(['usermod', ...pre, '-a', '-G', 'sudo', p.user]); u.groups = [...u.groups, 'sudo']; }
    if (t.sudo === 'remove') { await ctx.run(['usermod', ...pre, '-r', '-G', 'sudo', p.user]); u.groups = u.groups.filter((g) => g !== 'sudo'); }
    if (t.hash && hash) {
      await ctx.run(['chpasswd', '-e', ...chrootArgs(p.root)], { stdin: `${p.user}:${hash}\n` });
      u.passwordHash = hash;
    }
    if (t.keys) {
      const file = keysPath(p, u.home);
      const dir = file.slice(0, file.lastIndexOf('/'));
      const owner = `${u.uid}:${u.gid}`;
      await ctx.run(['install', '-d', '-m', '700', '-o', String(u.uid), '-g', String(u.gid), dir]);
      const content = withBlock(u.authorizedKeys, p.sshKeys, file);
      await writeHostFile(ctx, file, content);
      await ctx.run(['chown', owner, file]);
      await ctx.run(['chmod', '600', file]);
      u.authorizedKeys = content;
    }
  },
};
