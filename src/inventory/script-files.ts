// Hashes of every file under the scripts directory, so plans carry them (a feature's record is name + hash).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';

/** A script file: where it is, its sha256, and its first line (the shebang names its interpreter). */
export interface ScriptFile { path: string; sha256: string; firstLine: string }

export function scriptFiles(scriptsDir: string, limit = 5000): Record<string, ScriptFile> {
  const out: Record<string, ScriptFile> = {};
  const walk = (dir: string): void => {
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch { return; }
    for (const n of names) {
      if (Object.keys(out).length >= limit) return;
      const path = join(dir, n);
      let st: Stats | undefined;
      try { st = statSync(path, { throwIfNoEntry: false }); } catch { continue; }
      if (!st) continue;
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        let bytes: Buffer;
        // an unreadable file is left out: the script checks name it where the configuration refers to it
        try { bytes = readFileSync(path); } catch { continue; }
        const nl = bytes.indexOf(10);
        const firstLine = bytes.subarray(0, nl < 0 ? Math.min(bytes.length, 256) : Math.min(nl, 256)).toString('utf8');
        out[relative(scriptsDir, path)] = { path, sha256: createHash('sha256').update(bytes).digest('hex'), firstLine };
      }
    }
  };
  walk(scriptsDir);
  return out;
}
