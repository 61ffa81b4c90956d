// Local account files: a passwd line, and the argv prefixes that point the shadow tools at a host root.
import type { UserFacts } from './host-facts.js';

/** `name:x:uid:gid:gecos:home:shell` -> the parts Phoenix uses (groups, hash and keys come from elsewhere). */
export function parsePasswdLine(line: string): Pick<UserFacts, 'uid' | 'gid' | 'home' | 'shell'> | undefined {
  const f = line.trim().split(':');
  if (f.length < 7) return undefined;
  const uid = Number(f[2]);
  const gid = Number(f[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) return undefined;
  return { uid, gid, home: f[5] ?? '', shell: f[6] ?? '' };
}

/** useradd/usermod edit `<root>/etc/*` with `--prefix` (no chroot); on a real node the root is `/` and nothing is added. */
export const prefixArgs = (root: string): string[] => (root.replace(/\/+$/, '') === '' ? [] : ['--prefix', root]);

/** chpasswd has no --prefix; `--root` chroots into the host root (it only needs the account files there). */
export const chrootArgs = (root: string): string[] => (root.replace(/\/+$/, '') === '' ? [] : ['--root', root]);

/** Reads one passwd line from `<root>/etc/passwd` (fixed program; the name travels as an awk variable). */
export function passwdProbe(root: string, user: string): string[] {
  return ['awk', '-F:', '-v', `u=${user}`, '$1 == u', `${root.replace(/\/+$/, '')}/etc/passwd`];
}
