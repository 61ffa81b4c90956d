// Pure parsers for the host facts exec (gather-host.ts): sections, zpool/zfs/pvesm outputs, users, stat.
import type { PathFacts, PoolFacts, StorageFacts, UserFacts, Vdev, ZfsProp } from '../../tasks/host/host-facts.js';
import { parsePasswdLine } from '../../tasks/host/user-db.js';

export const SEC = '\x1e';
export const END = '\x1f';

/** A section: the body exactly as printed, and its trailer (an exit code, `missing`, `absent`…). */
export interface Section { body: string; status: string }

/** `<RS>name\n` body `<US>status\n`, repeated. */
export function splitSections(out: string): Map<string, Section> {
  const map = new Map<string, Section>();
  for (const chunk of out.split(SEC).slice(1)) {
    const nl = chunk.indexOf('\n');
    const name = nl < 0 ? chunk : chunk.slice(0, nl);
    const rest = nl < 0 ? '' : chunk.slice(nl + 1);
    const end = rest.lastIndexOf(END);
    map.set(name, end < 0 ? { body: rest, status: 'truncated' } : { body: rest.slice(0, end), status: rest.slice(end + 1).trim() });
  }
  return map;
}

const lines = (s: string): string[] => s.split('\n').filter((l) => l.trim() !== '');

/** `zpool list -H -o name,health`: `name<TAB>health`. */
export function parseZpoolList(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines(body)) {
    const [name, health] = l.split('\t');
    if (name) out[name.trim()] = (health ?? '').trim();
  }
  return out;
}

const GROUP = /^(mirror|raidz[123]?|draid[0-9]?[^\s]*)-\d+$/;
const SUBGROUP = /^(replacing|spare)-\d+$/;
const OTHER_CLASSES = new Set(['logs', 'cache', 'spares', 'special', 'dedup']);

/** `zpool status [-P]`: each pool's data vdevs (log, cache, spare and special classes are left out). */
export function parseZpoolStatus(body: string): Record<string, Vdev[]> {
  const out: Record<string, Vdev[]> = {};
  let pool: string | undefined;
  let base = -1;
  let inData = false;
  let group: Vdev | undefined;
  for (const raw of body.split('\n')) {
    const m = /^\s*pool:\s*(\S+)/.exec(raw);
    if (m) { pool = m[1]!; out[pool] = []; base = -1; inData = false; continue; }
    if (!pool) continue;
    const ws = /^[\t ]*/.exec(raw)![0].replace(/\t/g, '        ').length;
    const name = raw.trim().split(/\s+/)[0] ?? '';
    if (!name) continue;
    if (name === 'NAME' && /STATE/.test(raw)) { base = ws; continue; }
    if (base < 0) continue;
    if (/^errors:/.test(raw.trim())) { base = -1; continue; }
    const depth = ws - base;
    if (depth <= 0) { inData = name === pool && !OTHER_CLASSES.has(name); group = undefined; continue; }
    if (!inData) continue;
    const vdevs = out[pool]!;
    if (depth <= 2) {
      const g = GROUP.exec(name);
      group = g ? { type: g[1] === 'raidz' ? 'raidz1' : g[1]!.replace(/:.*/, ''), disks: [] } : undefined;
      vdevs.push(group ?? { type: 'disk', disks: [name] });
    } else if (group && !SUBGROUP.test(name)) {
      group.disks.push(name);
    }
  }
  return out;
}

export function poolsFrom(list: Record<string, string>, status: Record<string, Vdev[]>): Record<string, PoolFacts> {
  const out: Record<string, PoolFacts> = {};
  for (const [name, health] of Object.entries(list)) out[name] = { health, vdevs: status[name] ?? [] };
  return out;
}

/** `zfs list -H -p -o name,mountpoint`. */
export function parseZfsList(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines(body)) {
    const [name, mp] = l.split('\t');
    if (name) out[name] = (mp ?? '').trim();
  }
  return out;
}

/** `zfs get -H -p -o name,property,value,source`. */
export function parseZfsGet(body: string): Record<string, Record<string, ZfsProp>> {
  const out: Record<string, Record<string, ZfsProp>> = {};
  for (const l of lines(body)) {
    const [name, prop, value, source] = l.split('\t');
    if (!name || !prop || value === undefined) continue;
    (out[name] ??= {})[prop] = { value, source: (source ?? '').trim() };
  }
  return out;
}

/** `pvesm status`: header, then `Name Type Status Total Used Available %` columns. */
export function parsePvesmStatus(body: string): Record<string, { type: string; status: string }> {
  const out: Record<string, { type: string; status: string }> = {};
  for (const l of lines(body)) {
    const [name, type, status] = l.trim().split(/\s+/);
    if (!name || name === 'Name' || !type || !status) continue;
    out[name] = { type, status };
  }
  return out;
}

export function storagesFrom(cfg: Record<string, StorageFacts>, status: Record<string, { type: string; status: string }>): Record<string, StorageFacts> {
  const out: Record<string, StorageFacts> = { ...cfg };
  for (const [id, s] of Object.entries(status)) {
    const cur = out[id];
    out[id] = cur ? { ...cur, status: s.status } : { type: s.type, props: {}, status: s.status };
  }
  return out;
}

/**
 * `pvesh get /nodes/<node>/network --type any_bridge --output-format json`: the bridges (Linux and OVS) of the
 * node's interfaces file and the SDN vnets (pve-manager PVE/API2/Network.pm `index`); null when it is not that JSON.
 */
export function parseBridges(body: string): string[] | null {
  try {
    const v: unknown = JSON.parse(body);
    if (!Array.isArray(v)) return null;
    return v.map((i: unknown) => (i !== null && typeof i === 'object' ? (i as { iface?: unknown }).iface : undefined))
      .filter((n): n is string => typeof n === 'string').sort();
  } catch {
    return null;
  }
}

/** `pvesm list <storage> --content vztmpl`: header `Volid Format Type Size VMID`, then one volume per line. */
export const parsePvesmList = (body: string): string[] => lines(body).map((l) => l.trim().split(/\s+/)[0]!).filter((v) => v !== 'Volid' && v.includes(':'));

/** A user section: `passwd <line>`, `groups <names>`, `shadow <hash>`, `keys` + authorized_keys; status `present`/`nokeys`/`absent`. */
export function parseUserSection(sec: Section): UserFacts | null {
  if (sec.status === 'absent') return null;
  const keysAt = sec.body.indexOf('\nkeys\n');
  const head = (keysAt < 0 ? sec.body : sec.body.slice(0, keysAt)).split('\n');
  const field = (k: string): string => head.find((l) => l.startsWith(`${k} `))?.slice(k.length + 1) ?? '';
  const pw = parsePasswdLine(field('passwd'));
  if (!pw) return null;
  const keys = keysAt < 0 || sec.status !== 'present' ? null : sec.body.slice(keysAt + 6);
  return { ...pw, groups: field('groups').split(/\s+/).filter(Boolean), passwordHash: field('shadow').trim(), authorizedKeys: keys };
}

/** `pdbedit -L`: `user:uid:full name`. */
export const parsePdbedit = (body: string): string[] => lines(body).map((l) => l.split(':')[0]!.trim()).filter(Boolean);

/** `stat -L -c '%F|%u|%g|%a'`. */
export function parseStat(body: string): PathFacts | null {
  const [type, uid, gid, mode] = body.trim().split('|');
  if (!type || uid === undefined || gid === undefined || mode === undefined) return null;
  return { type: type === 'directory' ? 'directory' : /regular/.test(type) ? 'file' : 'other', uid: Number(uid), gid: Number(gid), mode };
}
