// `package:<name>/<dir>` in a local node's `path`: a directory inside an installed npm package (e.g. the
// simulator's `package:@phoenix/pve-sim/bin`), found the way Node finds the package: from the configuration's
// directory first, then from Phoenix's own installation. A configuration that names it can then live anywhere.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const PACKAGE_PREFIX = 'package:';

/** `@scope/name/sub/dir` -> { name: '@scope/name', sub: 'sub/dir' }. */
function split(spec: string): { name: string; sub: string } {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, n).join('/'), sub: parts.slice(n).join('/') };
}

/** The package's root directory: walk up from its resolved entry to the package.json that names it. */
function packageRoot(name: string, from: string): string | undefined {
  let entry: string;
  try { entry = createRequire(join(from, 'noop.js')).resolve(name); } catch { return undefined; }
  for (let d = dirname(entry); d !== dirname(d); d = dirname(d)) {
    const pj = join(d, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === name) return d;
  }
  return undefined;
}

/** The directory `package:<spec>` names, or undefined when the package is not installed where Node would look. */
export function packageDir(spec: string, baseDir: string): string | undefined {
  const { name, sub } = split(spec);
  const phoenix = dirname(new URL(import.meta.url).pathname);
  const root = packageRoot(name, baseDir) ?? packageRoot(name, phoenix);
  return root === undefined ? undefined : join(root, sub);
}
