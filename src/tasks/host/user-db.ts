// Local account files: a passwd line, the argv prefixes that point the shadow tools at a host root, and the fixed
// script that writes a user's authorized_keys as that user.
import { str } from '../schema.js';
import { cmd, type Command } from '../types.js';
import type { UserFacts } from './host-facts.js';

/** A Linux user name (the hypervisor config's pattern): a positional argument, so never a leading `-`. */
export const userNameSchema = str({ pattern: '^[a-z_][a-z0-9_-]*$' });

/** `name:x:uid:gid:gecos:home:shell` -> the parts Phoenix uses (groups, hash and keys come from elsewhere). */
export function parsePasswdLine(line: string): Pick<UserFacts, 'uid' | 'gid' | 'home' | 'shell'> | undefined {
  const f = line.trim().split(':');
  if (f.length < 7) return undefined;
  const uid = Number(f[2]);
  const gid = Number(f[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) return undefined;
  return { uid, gid, home: f[5] ?? '', shell: f[6] ?? '' };
}

const bare = (root: string): string => root.replace(/\/+$/, '');

/** useradd/usermod edit `<root>/etc/*` with `--prefix` (no chroot); on a real node the root is `/` and nothing is added. */
export const prefixArgs = (root: string): string[] => (bare(root) === '' ? [] : ['--prefix', root]);

/** chpasswd has no --prefix; `--root` chroots into the host root (it only needs the account files there). */
export const chrootArgs = (root: string): string[] => (bare(root) === '' ? [] : ['--root', root]);

/**
 * $1 host root (no trailing `/`), $2 user; stdin: the new authorized_keys. The account is looked up on the node
 * (`<root>/etc/passwd`), so the plan needs neither its ids nor its home, which do not exist before useradd.
 * Numeric ids, because a name would resolve in the node's own passwd, not under the host root. The directory is
 * the user's: a symlinked ~/.ssh is refused, the temporary file is created exclusively (noclobber) with mode 600,
 * and `chown -h` never follows a link.
 */
export const KEYS_SCRIPT = `set -e
r=$1 u=$2
pw=$(awk -F: -v u="$u" '$1 == u { print $3 ":" $4 ":" $6; exit }' "$r/etc/passwd")
[ -n "$pw" ] || { echo "no account $u in $r/etc/passwd" >&2; exit 1; }
uid=\${pw%%:*} rest=\${pw#*:}
gid=\${rest%%:*} home=\${rest#*:}
ids="$uid:$gid"
d="$r$home/.ssh"
[ ! -L "$d" ] || { echo "$d is a symbolic link: refused" >&2; exit 1; }
mkdir -p "$d"
chown -h "$ids" "$d"
chmod 700 "$d"
t="$d/authorized_keys.phoenix-new"
rm -f "$t"
(umask 077; set -C; cat > "$t")
chown -h "$ids" "$t"
mv -f "$t" "$d/authorized_keys"`;

/** The command that replaces `<root><home>/.ssh/authorized_keys` of `user` with `content`. */
export const keysCommand = (root: string, user: string, content: string): Command =>
  cmd(['sh', '-c', KEYS_SCRIPT, 'phoenix-keys', bare(root), user], { stdin: [content], what: `authorized_keys of ${user}` });
