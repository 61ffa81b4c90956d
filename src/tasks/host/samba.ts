// host.samba: shares as one managed block of smb.conf, share directories owned by the samba user, the samba
// user itself (password on stdin only), and a reload only after a change.
// (The original hard-coded the samba password in the script and rewrote smb.conf every run.)
import { absPath, arr, obj, oneOf, secretRefSchema, str } from '../schema.js';
import { act, cmd, noop, update, type Command, type PlanEnv, type Secretish, type StdinPart, type TaskDef } from '../types.js';
import { gathered, hostOf, type HostFacts, type UserFacts } from './host-facts.js';
import { blockIsCurrent, withBlock } from './managed-block.js';
import { userNameSchema } from './user-db.js';
import { absPathSchema, hostDirSchema, missingDirs, mkdirCommand, writeFileCommand, type HostDir } from './write-file.js';

export interface SambaShare { name: string; path: string; validUsers: string[]; options: [string, string][] }

export interface SambaParams {
  /** smb.conf (hostRoot-prefixed). */
  file: string;
  shares: SambaShare[];
  /** The samba account (a local user, created by a host.user step); owns the share directories. */
  user?: string;
  /** Password for a new samba user: a reference (`env:PHOENIX_SAMBA_PASSWORD` unless the config names one) or a literal. */
  password?: Secretish;
  dirs: HostDir[];
}

export function shareLines(shares: readonly SambaShare[]): string[] {
  return shares.flatMap((s) => [
    `[${s.name}]`,
    `   path = ${s.path}`,
    ...(s.validUsers.length ? [`   valid users = ${s.validUsers.join(' ')}`] : []),
    ...s.options.map(([k, v]) => `   ${k} = ${v}`),
  ]);
}

// smb.conf: a `[name]` header, then `key = value` lines; a line ending in a backslash continues on the next (Samba's
// params.c), and `valid users` separates names by spaces and commas. The hypervisor config's patterns.
const value = str({ pattern: '^(?!.*\\\\$)[^\\x00-\\x1f\\x7f]*$' });
const shareSchema = obj({
  name: str({ pattern: '^[A-Za-z0-9_.-]+$' }),
  path: absPath('\\x01-\\x1f\\x7f\\\\'),
  validUsers: arr(str({ pattern: '^[+&@]{0,2}[A-Za-z0-9_][A-Za-z0-9_.$-]*$' })),
  options: arr(arr(value, { minItems: 2, maxItems: 2 })),
});

interface Todo { dirs: HostDir[]; owner: UserFacts | null; newDirs: HostDir[]; addUser: boolean; block: boolean; reload: boolean }

function todo(host: HostFacts, p: SambaParams, node: string): Todo {
  const text = gathered(host.files, p.file, 'file', node);
  const owner = p.user ? gathered(host.users, p.user, 'user', node) : null;
  const dirs = p.dirs.filter((d) => {
    const st = host.paths[d.at];
    if (!st || st.mode !== '770') return true;
    if (!p.user) return false;
    return !owner || st.uid !== owner.uid || st.gid !== owner.gid;
  });
  // the tools section is part of every host read; `pdbedit -L` only of one with shares
  const tools = !host.tools || host.tools.includes('smbpasswd');
  if (p.shares.length && !(tools && host.sambaUsers !== null)) throw new Error(`samba is not installed on ${node} (pdbedit/smbpasswd not found): apt-get install samba`);
  const block = !blockIsCurrent(text, shareLines(p.shares), p.file);
  return {
    dirs,
    owner,
    newDirs: missingDirs(host, dirs),
    addUser: !!p.user && p.shares.length > 0 && !(host.sambaUsers ?? []).includes(p.user),
    block,
    // no samba at all (only possible when the block is being removed): nothing to reload
    reload: block && tools,
  };
}

const passwordFrom = (pw: Secretish): string => (typeof pw === 'string' ? 'the configuration' : pw.$secret);

/** `smbpasswd -s` reads the new password as a line, twice: no line break in it. */
export const PASSWORD_PATTERN = '^[^\\r\\n\\x00]+$';

/** A password given by reference is checked once it is read (validate checks it when it can read it then). */
function checkPassword(pw: Secretish, env: PlanEnv): void {
  if (typeof pw === 'string' || env.check) return;
  if (!new RegExp(PASSWORD_PATTERN).test(env.secret(pw))) throw new Error(`the samba password (${pw.$secret}) contains a line break: smbpasswd -s reads it as one line`);
}

export const samba: TaskDef<SambaParams, 'host.samba'> = {
  name: 'host.samba',
  schema: obj(
    { file: absPathSchema, shares: arr(shareSchema), user: userNameSchema, password: oneOf(str({ pattern: PASSWORD_PATTERN }), secretRefSchema), dirs: arr(hostDirSchema) },
    ['file', 'shares', 'dirs'],
  ),
  mutates: true,
  reconfigure: false,
  owned: false,
  reread: 'host',
  guests: () => [],
  // the datasets too: a directory that is a dataset's mountpoint is there (write-file.ts `missingDirs`)
  hostQuery: (p) => ({ files: [p.file], paths: p.dirs.map((d) => d.at), users: p.user ? [p.user] : [], samba: p.shares.length > 0, ...(p.dirs.length ? { zfs: true } : {}) }),
  title: (p) => `Samba shares (${p.shares.length}) in ${p.file}`,
  plan(facts, p, env) {
    const t = todo(hostOf(facts), p, facts.node);
    const parts: string[] = [];
    const commands: Command[] = [];
    if (t.addUser && p.user) {
      if (p.password === undefined) throw new Error(`samba user '${p.user}' is new and needs a password: set samba.password to {"$secret": "env:NAME"}`);
      checkPassword(p.password, env);
      const pw: StdinPart = typeof p.password === 'string' ? p.password : { secret: p.password };
      parts.push(`add samba user ${p.user} (password from ${passwordFrom(p.password)})`);
      // first: a password that cannot be resolved stops the step before anything changed. `-s` reads the new
      // password twice from stdin (smbpasswd(8))
      commands.push(cmd(['smbpasswd', '-a', '-s', p.user], { stdin: [pw, '\n', pw, '\n'], what: `samba user ${p.user}` }));
    }
    if (t.dirs.length) {
      // the host.user step before this one creates the account, and its re-read puts it in the facts; only --check
      // (which runs nothing) can get here without it
      if (p.user && !t.owner && !env.check) throw new Error(`samba user '${p.user}' does not exist on ${facts.node}: a host.user step must create it first`);
      parts.push(`share directories ${t.dirs.map((d) => d.path).join(' ')} (owner ${p.user ?? 'root'}, mode 770)`);
      const at = t.dirs.map((d) => d.at);
      if (t.newDirs.length) commands.push(mkdirCommand(t.newDirs));
      // numeric ids from <root>/etc/passwd: a name would be looked up in the node's own passwd, not under the host root
      // (`user:` in --check, when the account is still to be created: the user and its login group, chown(1))
      if (p.user) commands.push(cmd(['chown', t.owner ? `${t.owner.uid}:${t.owner.gid}` : `${p.user}:`, '--', ...at]));
      commands.push(cmd(['chmod', '770', '--', ...at]));
    }
    if (t.block) {
      const text = gathered(hostOf(facts).files, p.file, 'file', facts.node);
      parts.push(p.shares.length ? `managed block: ${p.shares.map((s) => s.name).join(', ')}` : 'remove the managed block');
      commands.push(writeFileCommand(p.file, withBlock(text, shareLines(p.shares), p.file)));
      if (t.reload) {
        parts.push('reload smbd');
        commands.push(cmd(['systemctl', 'reload-or-restart', 'smbd']));
      }
    }
    return parts.length ? act(update(parts.join('; ')), ...commands) : noop();
  },
};
