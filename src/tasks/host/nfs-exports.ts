// host.nfs-exports: the configured exports as one managed block of /etc/exports; `exportfs -ra` only after a change.
// (The original truncated /etc/exports, chmod 777'd the export directories and restarted the server every run.)
import { none, update, type TaskDef } from '../types.js';
import { gathered, hostOf } from './host-facts.js';
import { blockIsCurrent, withBlock } from './managed-block.js';
import { ensureDirs, missingDirs, writeHostFile, type HostDir } from './write-file.js';

export interface NfsExport { path: string; clients: string[]; options: string[] }

export interface NfsExportsParams {
  /** The exports file (hostRoot-prefixed). */
  file: string;
  exports: NfsExport[];
  /** Export directories to create when missing. */
  dirs: HostDir[];
  /** The node is a real host (hostRoot `/`): run `exportfs -ra`. False on a simulated host root. */
  live: boolean;
}

/** `/path client(opt,opt) client(opt,opt)`; options default to the NFS server's own defaults. */
export function exportLines(exports: readonly NfsExport[]): string[] {
  return exports.map((e) => {
    const opts = e.options.length ? `(${e.options.join(',')})` : '';
    const clients = e.clients.length ? e.clients : ['*'];
    return [e.path, ...clients.map((c) => `${c}${opts}`)].join(' ');
  });
}

export const nfsExports: TaskDef<NfsExportsParams> = {
  name: 'host.nfs-exports',
  mutates: true,
  title: (p) => `NFS exports (${p.exports.length}) in ${p.file}`,
  check(facts, p) {
    const host = hostOf(facts);
    const text = gathered(host.files, p.file, 'file', facts.node);
    const lines = exportLines(p.exports);
    const parts: string[] = [];
    const dirs = missingDirs(host, p.dirs);
    if (dirs.length) parts.push(`mkdir ${dirs.map((d) => d.path).join(' ')}`);
    if (!blockIsCurrent(text, lines, p.file)) {
      if (p.live && lines.length && host.tools && !host.tools.includes('exportfs')) {
        throw new Error(`exportfs is not installed on ${facts.node}: apt-get install nfs-kernel-server`);
      }
      parts.push(lines.length ? `managed block: ${lines.length} export${lines.length === 1 ? '' : 's'}` : 'remove the managed block');
      if (p.live) parts.push('exportfs -ra');
    }
    return parts.length ? update(parts.join('; ')) : none();
  },
  async apply(ctx, p) {
    const host = hostOf(ctx.facts);
    await ensureDirs(ctx, p.dirs);
    const text = gathered(host.files, p.file, 'file', ctx.facts.node);
    const lines = exportLines(p.exports);
    if (blockIsCurrent(text, lines, p.file)) return;
    await writeHostFile(ctx, p.file, withBlock(text, lines, p.file));
    if (p.live) await ctx.run(['exportfs', '-ra']);
    else ctx.log('simulated host root: exportfs skipped');
  },
};
