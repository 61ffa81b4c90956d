// GuestHelpers.pm::print_snapshot_tree: `listsnapshot` output.
import type { GuestConf } from '../conf/config-file.js';

function two(n: number): string { return String(n).padStart(2, '0'); }

export function fmtTime(epoch: number): string {
  const d = new Date(epoch * 1000);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

interface Entry { name: string; parent?: string; snaptime?: number; description: string; children: string[] }

/** The snapshot list (snapshot_list API: every snapshot plus `current`) printed as a tree by age. */
export function snapshotTree(conf: GuestConf): string {
  const list: Entry[] = Object.entries(conf.snapshots).map(([name, s]) => {
    const e: Entry = { name, snaptime: Number(s.keys['snaptime'] ?? 0), description: s.description ?? '', children: [] };
    if (s.keys['parent']) e.parent = s.keys['parent'];
    return e;
  });
  const cur: Entry = { name: 'current', description: 'You are here!', children: [] };
  if (conf.main.keys['parent']) cur.parent = conf.main.keys['parent'];
  list.push(cur);
  const byName = new Map(list.map((e) => [e.name, e]));
  const roots: string[] = [];
  for (const e of list) {
    const p = e.parent !== undefined ? byName.get(e.parent) : undefined;
    if (p) p.children.push(e.name); else roots.push(e.name);
  }
  const bytime = (a: string, b: string): number => {
    const ta = byName.get(a)?.snaptime;
    const tb = byName.get(b)?.snaptime;
    if (ta === undefined) return 1;
    if (tb === undefined) return -1;
    return ta - tb;
  };
  let out = '';
  const walk = (prefix: string, name: string): void => {
    const e = byName.get(name) as Entry;
    const desc = (e.description || 'no-description').split('\n')[0] as string;
    const time = e.snaptime !== undefined ? fmtTime(e.snaptime) : '';
    out += `${prefix} ${name.padEnd(Math.max(30 - prefix.length, 0))} ${time.padEnd(23)} ${desc}\n`;
    for (const c of [...e.children].sort(bytime)) walk(` ${prefix}`, c);
  };
  for (const r of roots.sort(bytime)) walk('`->', r);
  return out;
}
