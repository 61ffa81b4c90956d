// `exportfs` (nfs-utils utils/exportfs/exportfs.c) on the simulated node: `-r`/`-a` export what the node's
// /etc/exports (`<state>/host/etc/exports`) says into the export table (`<state>/host/var/lib/nfs/etab`), `-u`
// unexports, no flags lists the table. Exit 0: the simulator does not check the exported directories.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { SimError } from '../core/errors.js';
import { readText, writeAtomic } from '../core/fsx.js';
import { withLock } from '../core/lock.js';
import { etabPath, lockPath } from '../state/paths.js';
import { etabLine, parseEtab, parseExports, type ExportEntry } from './exports-file.js';

const USAGE = 'usage: exportfs [-adfhioruvs] [host:/path]';

interface Opts { flags: Set<string>; targets: string[] }

function parse(args: readonly string[]): Opts {
  const flags = new Set<string>();
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-') || a === '-') { targets.push(a); continue; }
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      // -o OPTIONS (attached or the next word): options of the host:/path operands, not kept by the simulator
      if (c === 'o') { if (j === a.length - 1) i++; break; }
      if (!'adfhiruvs'.includes(c)) throw new SimError(`exportfs: invalid option -- '${c}'\n${USAGE}`, 1);
      flags.add(c);
    }
  }
  return { flags, targets };
}

/** The table as `exportfs` without -v prints it (exportfs.c dump()): a long path gets its own line. */
function dump(ctx: Ctx, table: ExportEntry[], verbose: boolean): void {
  for (const e of table) {
    const opts = verbose ? `(${e.options})` : '';
    ctx.out(e.path.length > 14 ? `${e.path}\n\t\t${e.client}${opts}\n` : `${e.path.padEnd(14)}\t${e.client}${opts}\n`);
  }
}

function fromTargets(targets: string[]): ExportEntry[] {
  return targets.map((t) => {
    const at = t.indexOf(':');
    if (at < 0) throw new SimError(`exportfs: Invalid exporting option: ${t}`, 1);
    return { path: t.slice(at + 1), client: t.slice(0, at) || '*', options: '' };
  });
}

export async function run(ctx: Ctx, args: string[]): Promise<number> {
  const { flags, targets } = parse(args);
  if (flags.has('h')) { ctx.out(`${USAGE}\n`); return 0; }
  const etab = etabPath(ctx.env);
  const current = (): ExportEntry[] => parseEtab(readText(etab) ?? '');
  if (!flags.has('a') && !flags.has('r') && !flags.has('u') && !targets.length) {
    dump(ctx, current(), flags.has('v'));
    return 0;
  }
  return withLock(lockPath(ctx.env), () => {
    const file = join(ctx.env.hostDir, 'etc', 'exports');
    const wanted = [...(flags.has('a') || flags.has('r') ? parseExports(existsSync(file) ? readText(file) ?? '' : '') : []), ...fromTargets(targets)];
    const same = (a: ExportEntry, b: ExportEntry): boolean => a.path === b.path && a.client === b.client;
    let table: ExportEntry[];
    if (flags.has('u')) {
      table = flags.has('a') ? [] : current().filter((e) => !wanted.some((w) => same(e, w)));
      if (flags.has('v')) for (const w of wanted) ctx.out(`unexporting ${w.client}:${w.path}\n`);
    } else {
      // -r resyncs: what is no longer in /etc/exports is unexported; -a alone only adds
      const kept = flags.has('r') ? [] : current().filter((e) => !wanted.some((w) => same(e, w)));
      table = [...kept, ...wanted];
      if (flags.has('v')) for (const w of wanted) ctx.out(`exporting ${w.client}:${w.path}\n`);
    }
    writeAtomic(etab, table.map((e) => `${etabLine(e)}\n`).join(''));
    return 0;
  });
}
