// Host file writes and directories as planned commands: the content travels on stdin, the path is $1 of a fixed
// script, so no file content or path is ever part of a shell program.
import { obj, str } from '../schema.js';
import { cmd, type Command } from '../types.js';
import type { HostFacts } from './host-facts.js';

/** A directory on the node: `path` as the node sees it, `at` where Phoenix finds it (under the host root). */
export interface HostDir { path: string; at: string }

/** Write to a temporary sibling, then rename over the file: readers never see half a file. */
export const WRITE_SCRIPT = 'mkdir -p "${1%/*}" && cat > "$1.phoenix-new" && mv -f "$1.phoenix-new" "$1"';

/** The command that replaces `path` (hostRoot-prefixed, absolute) with `content`. */
export const writeFileCommand = (path: string, content: string): Command =>
  cmd(['sh', '-c', WRITE_SCRIPT, 'phoenix-write', path], { stdin: [content], what: `write ${path}` });

/** Present per the facts: stat found it, or a dataset is mounted there (created earlier in this run). */
export function dirPresent(host: HostFacts, d: HostDir): boolean {
  return !!host.paths[d.at] || Object.values(host.datasets).some((ds) => ds.mountpoint === d.path);
}

export const missingDirs = (host: HostFacts, dirs: readonly HostDir[]): HostDir[] => dirs.filter((d) => !dirPresent(host, d));

/** `mkdir -p` of directories (hostRoot-prefixed); `--` so no path reads as an option. */
export const mkdirCommand = (dirs: readonly HostDir[]): Command => cmd(['mkdir', '-p', '--', ...dirs.map((d) => d.at)]);

/** Join a host root and a node path: `/` + `/etc/exports` = `/etc/exports`; `/sim/host` + `/etc/x` = `/sim/host/etc/x`. */
export function underRoot(root: string, path: string): string {
  const r = root.replace(/\/+$/, '');
  return `${r}${path.startsWith('/') ? path : `/${path}`}`;
}

// JSON Schema pieces for host paths: absolute (so nothing reads as an option), one line, no NUL.
export const absPathSchema = str({ pattern: '^/[^\\r\\n\\x00]*$' });
export const hostDirSchema = obj({ path: absPathSchema, at: absPathSchema });
