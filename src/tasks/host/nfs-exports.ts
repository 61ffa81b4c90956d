// host.nfs-exports: the configured exports as one managed block of /etc/exports; `exportfs -ra` only after a change.
// (The original truncated /etc/exports, chmod 777'd the export directories and restarted the server every run.)
import { absPath, arr, obj, str } from '../schema.js';
import { act, cmd, noop, update, type Command, type TaskDef } from '../types.js';
import { gathered, hostOf } from './host-facts.js';
import { blockIsCurrent, withBlock } from './managed-block.js';
import { absPathSchema, hostDirSchema, missingDirs, mkdirCommand, writeFileCommand, type HostDir } from './write-file.js';

export interface NfsExport { path: string; clients: string[]; options: string[] }

export interface NfsExportsParams {
  /** The exports file (hostRoot-prefixed). */
  file: string;
  exports: NfsExport[];
  /** Export directories to create when missing. */
  dirs: HostDir[];
}

/** `/path client(opt,opt) client(opt,opt)`; options default to the NFS server's own defaults. */
export function exportLines(exports: readonly NfsExport[]): string[] {
  return exports.map((e) => {
    const opts = e.options.length ? `(${e.options.join(',')})` : '';
    const clients = e.clients.length ? e.clients : ['*'];
    return [e.path, ...clients.map((c) => `${c}${opts}`)].join(' ');
  });
}

// the hypervisor config's patterns for an export. exports(5): whitespace separates the fields of a line, `"` quotes,
// a backslash escapes, `#` starts a comment, and a field starting with `-` after the path holds default options
const exportSchema = obj({
  path: absPath('\\s"\\\\#'),
  clients: arr(str({ pattern: '^[A-Za-z0-9.:/*_][A-Za-z0-9.:/*_-]*$' })),
  options: arr(str({ pattern: '^[A-Za-z0-9_=.:-]+$' })),
});

export const nfsExports: TaskDef<NfsExportsParams, 'host.nfs-exports'> = {
  name: 'host.nfs-exports',
  schema: obj({ file: absPathSchema, exports: arr(exportSchema), dirs: arr(hostDirSchema) }),
  mutates: true,
  reconfigure: false,
  owned: false,
  reread: 'host',
  guests: () => [],
  // the datasets too: a directory that is a dataset's mountpoint is there (write-file.ts `missingDirs`)
  hostQuery: (p) => ({ files: [p.file], paths: p.dirs.map((d) => d.at), ...(p.dirs.length ? { zfs: true } : {}) }),
  title: (p) => `NFS exports (${p.exports.length}) in ${p.file}`,
  plan(facts, p) {
    const host = hostOf(facts);
    const text = gathered(host.files, p.file, 'file', facts.node);
    const lines = exportLines(p.exports);
    const parts: string[] = [];
    const commands: Command[] = [];
    const dirs = missingDirs(host, p.dirs);
    if (dirs.length) {
      parts.push(`mkdir ${dirs.map((d) => d.path).join(' ')}`);
      commands.push(mkdirCommand(dirs));
    }
    if (!blockIsCurrent(text, lines, p.file)) {
      const server = !host.tools || host.tools.includes('exportfs');
      if (lines.length && !server) throw new Error(`exportfs is not installed on ${facts.node}: apt-get install nfs-kernel-server`);
      parts.push(lines.length ? `managed block: ${lines.length} export${lines.length === 1 ? '' : 's'}` : 'remove the managed block');
      commands.push(writeFileCommand(p.file, withBlock(text, lines, p.file)));
      // no NFS server (only possible when the block is being removed): nothing to reload
      if (server) { parts.push('exportfs -ra'); commands.push(cmd(['exportfs', '-ra'])); }
    }
    return parts.length ? act(update(parts.join('; ')), ...commands) : noop();
  },
};
