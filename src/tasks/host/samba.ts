// host.samba: shares as one managed block of smb.conf, share directories owned by the samba user, the samba
// user itself (password from an environment variable, on stdin only), and a reload only after a change.
// (The original hard-coded the samba password in the script and rewrote smb.conf every run.)
import { none, update, type TaskDef } from '../types.js';
import { gathered, hostOf, type HostFacts } from './host-facts.js';
import { blockIsCurrent, withBlock } from './managed-block.js';
import { ensureDirs, writeHostFile, type HostDir } from './write-file.js';

export interface SambaShare { name: string; path: string; validUsers: string[]; options: [string, string][] }

export interface SambaParams {
  /** smb.conf (hostRoot-prefixed). */
  file: string;
  shares: SambaShare[];
  /** The samba account (a local user, created by a host.user step); owns the share directories. */
  user?: string;
  /** Environment variable (on the machine running Phoenix) holding the samba password for a new samba user. */
  passwordEnv: string;
  /** samba.password given by reference in the config: preferred over passwordEnv. */
  password?: { $secret: string };
  dirs: HostDir[];
  /** Real host: manage the samba user and reload smbd. False on a simulated host root (files only). */
  live: boolean;
}

export function shareLines(shares: readonly SambaShare[]): string[] {
  return shares.flatMap((s) => [
    `[${s.name}]`,
    `   path = ${s.path}`,
    ...(s.validUsers.length ? [`   valid users = ${s.validUsers.join(' ')}`] : []),
    ...s.options.map(([k, v]) => `   ${k} = ${v}`),
  ]);
}

interface Todo { dirs: HostDir[]; owner?: { uid: number; gid: number }; addUser: boolean; block: boolean }

function todo(host: HostFacts, p: SambaParams, node: string): Todo {
  const text = gathered(host.files, p.file, 'file', node);
  const u = p.user ? gathered(host.users, p.user, 'user', node) : null;
  const owner = u ? { uid: u.uid, gid: u.gid } : undefined;
  const dirs = p.dirs.filter((d) => {
    const st = host.paths[d.at];
    if (!st || st.mode !== '770') return true;
    if (!p.user) return false;
    return !owner || st.uid !== owner.uid || st.gid !== owner.gid;
  });
  let addUser = false;
  if (p.live && p.user && p.shares.length) {
    if (host.sambaUsers === null || (host.tools && !host.tools.includes('smbpasswd'))) throw new Error(`samba is not installed on ${node} (pdbedit/smbpasswd not found): apt-get install samba`);
    addUser = !host.sambaUsers.includes(p.user);
  }
  const t: Todo = { dirs, addUser, block: !blockIsCurrent(text, shareLines(p.shares), p.file) };
  if (owner) t.owner = owner;
  return t;
}

export const samba: TaskDef<SambaParams> = {
  name: 'host.samba',
  mutates: true,
  title: (p) => `Samba shares (${p.shares.length}) in ${p.file}`,
  check(facts, p) {
    const t = todo(hostOf(facts), p, facts.node);
    const parts: string[] = [];
    if (t.dirs.length) parts.push(`share directories ${t.dirs.map((d) => d.path).join(' ')} (owner ${p.user ?? 'root'}, mode 770)`);
    if (t.addUser) parts.push(`add samba user ${p.user} (password from $${p.passwordEnv})`);
    if (t.block) parts.push(p.shares.length ? `managed block: ${p.shares.map((s) => s.name).join(', ')}` : 'remove the managed block');
    if (t.block && p.live) parts.push('reload smbd');
    return parts.length ? update(parts.join('; ')) : none();
  },
  async apply(ctx, p) {
    const host = hostOf(ctx.facts);
    const t = todo(host, p, ctx.facts.node);
    if (t.dirs.length) {
      if (p.user && !t.owner) throw new Error(`samba user '${p.user}' does not exist on ${ctx.facts.node}: a host.user step must create it first`);
      await ensureDirs(ctx, t.dirs);
      const at = t.dirs.map((d) => d.at);
      if (t.owner) await ctx.run(['chown', `${t.owner.uid}:${t.owner.gid}`, '--', ...at]);
      await ctx.run(['chmod', '770', '--', ...at]);
      for (const a of at) host.paths[a] = { type: 'directory', uid: t.owner?.uid ?? 0, gid: t.owner?.gid ?? 0, mode: '770' };
    }
    if (t.addUser && p.user) {
      const pw = p.password ? ctx.secret(p.password) : process.env[p.passwordEnv];
      if (!pw) throw new Error(`samba user '${p.user}' is new and needs a password: set samba.password to {"$secret": "env:NAME"} or ${p.passwordEnv} in Phoenix's environment`);
      await ctx.run(['smbpasswd', '-a', '-s', p.user], { stdin: `${pw}\n${pw}\n` });
      host.sambaUsers = [...(host.sambaUsers ?? []), p.user];
    }
    if (!t.block) return;
    const text = gathered(host.files, p.file, 'file', ctx.facts.node);
    await writeHostFile(ctx, p.file, withBlock(text, shareLines(p.shares), p.file));
    if (p.live) await ctx.run(['systemctl', 'reload-or-restart', 'smbd']);
    else ctx.log('simulated host root: smbd reload skipped');
  },
};
