// Run an argv inside a guest root: a private mount namespace (`unshare -m`, `-rm` when not root),
// host /usr bind-mounted read-only, /dev nodes and guest mount points bound, then chroot.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CallIo } from '../core/call-io.js';
import { DEV_NODES, ensureSkeleton } from './skeleton.js';

export interface Mount { source: string; target: string }

// Constant script; all data arrives as positional parameters.
const SCRIPT = [
  'set -e',
  'root=$1; name=$2; shift 2',
  'if [ -n "$name" ]; then hostname "$name" 2>/dev/null || true; fi',
  'mount --bind /usr "$root/usr"',
  'mount -o remount,bind,ro "$root/usr" 2>/dev/null || true',
  `for d in ${DEV_NODES.join(' ')}; do mount --bind "/dev/$d" "$root/dev/$d"; done`,
  'while [ "$1" != "--" ]; do mount --bind "$1" "$root$2"; shift 2; done',
  'shift',
  'exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" "$@"',
].join('\n');

export interface RunOpts {
  /** 'inherit': pass the caller's stdio through; otherwise capture, feeding `input` (if any). */
  stdio: 'inherit' | 'capture';
  /** Whose stdio 'inherit' passes: this process's fds 0-2 (the default), or a pool call's streams. */
  io?: CallIo;
  input?: Buffer;
  /** Hostname inside the guest (own UTS namespace). */
  hostname?: string;
}

export interface RunResult { code: number; stdout: Buffer; stderr: Buffer }

export function runInRoot(root: string, mounts: readonly Mount[], argv: readonly string[], o: RunOpts): Promise<RunResult> {
  ensureSkeleton(root);
  const pairs: string[] = [];
  const sorted = [...mounts].sort((a, b) => a.target.split('/').length - b.target.split('/').length);
  sorted.forEach((m, i) => {
    mkdirSync(m.source, { recursive: true });
    // Create the mount point in whatever is mounted above it (the rootfs or an earlier mount).
    const parent = sorted.slice(0, i).reverse().find((p) => m.target.startsWith(`${p.target.replace(/\/$/, '')}/`));
    mkdirSync(parent ? join(parent.source, m.target.slice(parent.target.length)) : join(root, m.target), { recursive: true });
    pairs.push(m.source, m.target);
  });
  const isRoot = process.getuid?.() === 0;
  const args = [isRoot ? '-mu' : '-rmu', '--', 'sh', '-c', SCRIPT, 'sh', root, o.hostname ?? '', ...pairs, '--', ...argv];
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', TERM: process.env['TERM'] ?? 'dumb' };
  const pipes = o.stdio === 'inherit' && o.io && o.io.guest !== 'inherit' ? o.io.guest : undefined;
  return new Promise((resolve, reject) => {
    // On a pool call's pipes the guest leads a process group of its own, so that the worker can end it as the
    // caller's signal would have (pool/socket-io.ts); `2>&1` there gives it one pipe for both streams.
    const child = !pipes
      ? spawn('unshare', args, { stdio: o.stdio === 'inherit' ? 'inherit' : ['pipe', 'pipe', 'pipe'], env })
      : pipes.merged
        ? spawn('sh', ['-c', 'exec "$@" 2>&1', 'sh', 'unshare', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env, detached: true })
        : spawn('unshare', args, { stdio: ['pipe', 'pipe', 'pipe'], env, detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    if (pipes) {
      pipes.attach(child);
    } else {
      child.stdout?.on('data', (b: Buffer) => out.push(b));
      child.stderr?.on('data', (b: Buffer) => err.push(b));
      if (child.stdin) {
        child.stdin.on('error', () => { /* command did not read its stdin */ });
        child.stdin.end(o.input ?? Buffer.alloc(0));
      }
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code: code ?? (signal ? 128 + 9 : 255), stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    });
  });
}
