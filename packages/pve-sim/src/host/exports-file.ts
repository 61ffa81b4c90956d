// /etc/exports as nfs-utils reads it (exports(5)): `path client(opts) client(opts) ...`, `#` comments,
// a trailing `\` continues a line, a path may be double-quoted. Only what exportfs needs to list the table.
export interface ExportEntry { path: string; client: string; options: string }

function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? '');
  return out;
}

export function parseExports(text: string): ExportEntry[] {
  const out: ExportEntry[] = [];
  const joined = text.replace(/\\\n/g, ' ');
  for (const raw of joined.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [path, ...specs] = words(line);
    if (!path) continue;
    // `path (opts)` and a bare `path`: the world (`*`), as exportfs lists them
    for (const spec of specs.length ? specs : ['']) {
      const m = /^([^(]*)(?:\((.*)\))?$/.exec(spec);
      out.push({ path, client: m?.[1] || '*', options: m?.[2] ?? '' });
    }
  }
  return out;
}

export const etabLine = (e: ExportEntry): string => `${e.path}\t${e.client}(${e.options})`;

export function parseEtab(text: string): ExportEntry[] {
  return text.split('\n').filter(Boolean).map((l) => {
    const [path = '', spec = ''] = l.split('\t');
    const m = /^([^(]*)\((.*)\)$/.exec(spec);
    return { path, client: m?.[1] ?? spec, options: m?.[2] ?? '' };
  });
}
