// Samba's user database of the simulated node (tdbsam's passdb.tdb on a real one): user -> unix uid, full name
// (tdbsam copies the account's GECOS when the user is added) and a digest of the password, never the password.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { readJson, readText, writeJson } from '../core/fsx.js';
import { sambaPassdbFile } from '../state/paths.js';

export interface SambaUser {
  uid: number;
  fullName: string;
  /** sha256 of the password (hex): lets tests check what arrived, without keeping the secret. */
  passwordSha256: string;
  disabled?: true;
}

export type Passdb = Record<string, SambaUser>;

export const readPassdb = (env: SimEnv): Passdb => readJson<Passdb>(sambaPassdbFile(env), {});
export const writePassdb = (env: SimEnv, db: Passdb): void => writeJson(sambaPassdbFile(env), db);

export const passwordDigest = (pw: string): string => createHash('sha256').update(pw, 'utf8').digest('hex');

export interface UnixAccount { uid: number; gecos: string }

/** The account in the node's `/etc/passwd` (`<state>/host/etc/passwd`), as getpwnam would find it. */
export function unixAccount(env: SimEnv, user: string): UnixAccount | undefined {
  for (const line of (readText(join(env.hostDir, 'etc', 'passwd')) ?? '').split('\n')) {
    const f = line.split(':');
    if (f[0] === user && f.length >= 7) return { uid: Number(f[2]), gecos: f[4] ?? '' };
  }
  return undefined;
}
