// `smbpasswd [-a|-x|-d|-e] [-s] USER` as root on the simulated node (samba source3/utils/smbpasswd.c, local mode).
// -s reads the new password and its confirmation as two lines of stdin; without -s the real tool prompts on the
// terminal, the simulator reads the same two lines. Users live in the simulator's passdb (src/host/passdb.ts).
import type { Ctx } from '../core/ctx.js';
import { SimError } from '../core/errors.js';
import { withLock } from '../core/lock.js';
import { readStdin } from '../core/stdin.js';
import { lockPath } from '../state/paths.js';
import { passwordDigest, readPassdb, unixAccount, writePassdb } from './passdb.js';

const USAGE = `When run by root:
    smbpasswd [options] [username]
otherwise:
    smbpasswd [options]

options:
  -L                   local mode (must be first option)
  -h                   print this usage message
  -s                   use stdin for password prompt
  -c smb.conf file     Use the given path to the smb.conf file
  -D LEVEL             debug level
  -r MACHINE           remote machine
  -U USER              remote username (e.g. SAM/user)
extra options when run by root or in local mode:
  -a                   add user
  -d                   disable user
  -e                   enable user
  -i                   interdomain trust account
  -m                   machine trust account
  -n                   set no password
  -W                   use stdin ldap admin password
  -w PASSWORD          ldap admin password
  -x                   delete user
  -R ORDER             name resolve order
`;

function fail(msg: string): never { throw new SimError(msg, 1); }

/** The two password lines (new, retype); smbpasswd.c get_pass / prompt_for_new_password. */
async function newPassword(ctx: Ctx): Promise<string> {
  const lines = (await readStdin(ctx.io.stdin())).toString('utf8').split('\n');
  const [first, second] = [lines[0], lines[1]];
  if (first === undefined || second === undefined) fail('Unable to get new password.');
  if (first !== second) fail('Mismatch - password unchanged.\nUnable to get new password.');
  return first;
}

export async function run(ctx: Ctx, args: string[]): Promise<number> {
  const flags = new Set<string>();
  const users: string[] = [];
  for (const a of args) {
    if (!a.startsWith('-')) { users.push(a); continue; }
    for (const c of a.slice(1)) {
      if (!'Lhsadenx'.includes(c)) { ctx.err(USAGE); return 1; }
      flags.add(c);
    }
  }
  if (flags.has('h') || users.length > 1) { ctx.err(USAGE); return 1; }
  const user = users[0] ?? 'root';
  const action = flags.has('x') ? 'x' : flags.has('d') ? 'd' : flags.has('e') ? 'e' : flags.has('a') ? 'a' : 'set';
  const pw = action === 'a' || action === 'set' ? (flags.has('n') ? '' : await newPassword(ctx)) : undefined;
  return withLock(lockPath(ctx.env), () => {
    const db = readPassdb(ctx.env);
    const entry = db[user];
    if (action === 'a' && !entry) {
      const unix = unixAccount(ctx.env, user);
      if (!unix) fail(`Failed to add entry for user ${user}.`);
      db[user] = { uid: unix.uid, fullName: unix.gecos, passwordSha256: passwordDigest(pw ?? '') };
      writePassdb(ctx.env, db);
      ctx.out(`Added user ${user}.\n`);
      return 0;
    }
    if (!entry) {
      const what = action === 'x' ? 'delete' : 'modify password';
      fail(`Failed to find entry for user ${user}.\nFailed to ${what} entry for user ${user}.`);
    }
    if (action === 'x') {
      delete db[user];
      ctx.out(`Deleted user ${user}.\n`);
    } else if (action === 'd') {
      entry.disabled = true;
      ctx.out(`Disabled user ${user}.\n`);
    } else if (action === 'e') {
      delete entry.disabled;
      ctx.out(`Enabled user ${user}.\n`);
    } else {
      entry.passwordSha256 = passwordDigest(pw ?? '');
    }
    writePassdb(ctx.env, db);
    return 0;
  });
}
