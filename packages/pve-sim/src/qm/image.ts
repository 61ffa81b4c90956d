// Disk images on the node: virtual size (qcow2 header, else the file size) and the URI escaping of
// ssh keys / crypt-like password hashes qm stores.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const MiB = 1024 * 1024;

/** Virtual size in bytes, rounded up to whole MiB. */
export function imageSize(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(32);
    const n = readSync(fd, head, 0, 32, 0);
    const size = n >= 32 && head.readUInt32BE(0) === 0x514649fb ? Number(head.readBigUInt64BE(24)) : statSync(path).size;
    return Math.max(MiB, Math.ceil(size / MiB) * MiB);
  } finally {
    closeSync(fd);
  }
}

/** URI::Escape::uri_escape: everything except A-Za-z0-9 - . _ ~ becomes %XX. */
export function uriEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A SHA-256 crypt-style hash (`$5$salt$...`) standing in for PVE::Tools::encrypt_pw. */
export function hashPassword(pw: string): string {
  const salt = randomBytes(6).toString('base64').replace(/[+/=]/g, '.');
  return `$5$${salt}$${createHash('sha256').update(salt + pw).digest('base64').replace(/[+/=]/g, '.')}`;
}
