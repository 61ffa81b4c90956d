// A file named by an absolute path on the simulated node: the host-mapped path when it exists
// there, else the same path on the machine running the simulator (files that node-side shell
// commands of a simulated node wrote).
import { existsSync, statSync } from 'node:fs';
import { hostPath, type SimEnv } from './env.js';

export function nodeFile(env: SimEnv, abs: string): string | undefined {
  for (const p of [hostPath(env, abs), abs]) {
    try {
      if (existsSync(p) && statSync(p).isFile()) return p;
    } catch { /* unreadable */ }
  }
  return undefined;
}
