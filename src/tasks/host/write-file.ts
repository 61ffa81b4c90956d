// Host file writes with argv only: the content travels on stdin, the path is $1 of a fixed script.
import type { ApplyContext } from '../types.js';
import { hostOf, type HostFacts } from './host-facts.js';

/** A directory on the node: `path` as the node sees it, `at` where Phoenix finds it (under the host root). */
export interface HostDir { path: string; at: string }

/** Write to a temporary sibling, then rename over the file: readers never see half a file. */
export const WRITE_SCRIPT = 'mkdir -p "${1%/*}" && cat > "$1.phoenix-new" && mv -f "$1.phoenix-new" "$1"';

export async function writeHostFile(ctx: ApplyContext, path: string, content: string): Promise<void> {
  await ctx.run(['sh', '-c', WRITE_SCRIPT, 'phoenix-write', path], { stdin: content });
  hostOf(ctx.facts).files[path] = content;
}

/** Present per the facts: stat found it, or a dataset is mounted there (created earlier in this run). */
export function dirPresent(host: HostFacts, d: HostDir): boolean {
  return !!host.paths[d.at] || Object.values(host.datasets).some((ds) => ds.mountpoint === d.path);
}

export const missingDirs = (host: HostFacts, dirs: readonly HostDir[]): HostDir[] => dirs.filter((d) => !dirPresent(host, d));

/** `mkdir -p` for directories the facts show absent; updates the facts. */
export async function ensureDirs(ctx: ApplyContext, dirs: readonly HostDir[]): Promise<void> {
  const host = hostOf(ctx.facts);
  const missing = missingDirs(host, dirs);
  if (!missing.length) return;
  await ctx.run(['mkdir', '-p', '--', ...missing.map((d) => d.at)]);
  for (const d of missing) host.paths[d.at] = { type: 'directory', uid: 0, gid: 0, mode: '755' };
}

/** Join a host root and a node path: `/` + `/etc/exports` = `/etc/exports`; `/sim/host` + `/etc/x` = `/sim/host/etc/x`. */
export function underRoot(root: string, path: string): string {
  const r = root.replace(/\/+$/, '');
  return `${r}${path.startsWith('/') ? path : `/${path}`}`;
}
