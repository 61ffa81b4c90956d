// Host key verification against an OpenSSH known_hosts file: known -> go; unknown -> refuse unless
// acceptNew (then append it); changed or revoked -> refuse loudly, whatever the flags say.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  fingerprint, formatKnownHostLine, hostFieldMatches, keyTypeOf, parseKnownHosts, preferredHostKeyAlgorithms,
  type KnownHostEntry,
} from './known-hosts.js';

export type HostKeyVerdict =
  | { kind: 'known' }
  | { kind: 'unknown' }
  | { kind: 'changed'; entry: KnownHostEntry }
  | { kind: 'revoked'; entry: KnownHostEntry };

/** Judge `blob` presented for `name` (`host` or `[host]:port`) against parsed entries. */
export function judgeHostKey(entries: readonly KnownHostEntry[], name: string, blob: Buffer): HostKeyVerdict {
  const forHost = entries.filter((e) => hostFieldMatches(e.hosts, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(blob));
  if (revoked) return { kind: 'revoked', entry: revoked };
  const plain = forHost.filter((e) => e.marker === undefined);
  if (plain.some((e) => e.key.equals(blob))) return { kind: 'known' };
  const first = plain.find((e) => e.keyType === keyTypeOf(blob)) ?? plain[0];
  return first ? { kind: 'changed', entry: first } : { kind: 'unknown' };
}

export interface HostKeyPolicy {
  /** serverHostKey algorithms for ssh2, known types first. */
  readonly algorithms: string[];
  /** ssh2 hostVerifier (raw key blob in, accept?). Records why it refused. */
  verify(blob: Buffer): boolean;
  /** The refusal message when verify() said no, else undefined. */
  refusal(): string | undefined;
}

export interface HostKeyPolicyOptions { file: string; name: string; acceptNew: boolean }

function readEntries(file: string): KnownHostEntry[] {
  try {
    return parseKnownHosts(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function appendEntry(file: string, line: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let existing = '';
  try { existing = readFileSync(file, 'utf8'); } catch { /* new file */ }
  const prefix = existing !== '' && !existing.endsWith('\n') ? '\n' : '';
  appendFileSync(file, `${prefix}${line}\n`, { mode: 0o600 });
}

export function createHostKeyPolicy(opts: HostKeyPolicyOptions): HostKeyPolicy {
  const { file, name, acceptNew } = opts;
  const knownTypes = readEntries(file).filter((e) => !e.marker && hostFieldMatches(e.hosts, name)).map((e) => e.keyType);
  let refusal: string | undefined;
  return {
    algorithms: preferredHostKeyAlgorithms(knownTypes),
    refusal: () => refusal,
    verify(blob) {
      const verdict = judgeHostKey(readEntries(file), name, blob);
      const presented = `${keyTypeOf(blob)} ${fingerprint(blob)}`;
      switch (verdict.kind) {
        case 'known':
          return true;
        case 'unknown':
          if (acceptNew) {
            appendEntry(file, formatKnownHostLine(name, blob));
            return true;
          }
          refusal = `host key for ${name} is not known (${presented} not in ${file}); `
            + `verify it and re-run with --accept-new-host-keys to record it`;
          return false;
        case 'changed':
          refusal = `HOST KEY CHANGED for ${name}: ${file}:${verdict.entry.line} has ${verdict.entry.keyType} `
            + `${fingerprint(verdict.entry.key)}, the server presented ${presented}. This may be a `
            + `man-in-the-middle attack; refusing to connect (--accept-new-host-keys does not override this). `
            + `If the change is expected, remove the old entry: ssh-keygen -R '${name}' -f ${file}`;
          return false;
        case 'revoked':
          refusal = `host key for ${name} (${presented}) is marked @revoked in ${file}:${verdict.entry.line}; `
            + `refusing to connect`;
          return false;
      }
    },
  };
}
