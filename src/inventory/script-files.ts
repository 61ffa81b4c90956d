// Hashes of every file under the scripts directory, so plans carry them (a feature's record is name + hash).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function scriptFiles(scriptsDir: string, limit = 5000): Record<string, { path: string; sha256: string }> {
  const out: Record<string, { path: string; sha256: string }> = {};
  const walk = (dir: string): void => {
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch { return; }
    for (const n of names) {
      if (Object.keys(out).length >= limit) return;
      const path = join(dir, n);
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) out[relative(scriptsDir, path)] = { path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
    }
  };
  walk(scriptsDir);
  return out;
}
