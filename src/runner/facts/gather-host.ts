// Host facts for `setup` in ONE exec: a fixed script prints delimited sections (zpool, zfs, pvesm, storage.cfg,
// files, users, stat, datacenter firewall); every data item travels as an argument, never inside the script.
import type { NodeSpec } from '../../inventory/model.js';
import type { HostFacts } from '../../tasks/host/host-facts.js';
import { hostRootOf } from '../../tasks/host/host-root.js';
import { emptyQuery, type HostQuery } from '../../tasks/host/query.js';
import { parseFwOptions, parseFwRules } from '../../tasks/host/fw-rules.js';
import { parseStorageCfg } from '../../tasks/host/storage-cfg.js';
import { underRoot } from '../../tasks/host/write-file.js';
import type { Connection } from '../connection.js';
import {
  parseBridges, parsePdbedit, parsePvesmList, parsePvesmStatus, parseStat, parseUserSection, parseZfsGet, parseZfsList, parseZpoolList, parseZpoolStatus,
  poolsFrom, splitSections, storagesFrom, type Section,
} from './parse-host.js';

/**
 * $1 root  $2 pveRoot  $3 props (comma list)  $4 datasets  $5 files  $6 users  $7 paths (newline lists)  $8 samba
 * $9 firewall  $10 zfs  $11 storages  $12 storage.cfg only  $13 bridges  $14 template volids (newline lists)
 * $15 the Proxmox node name
 */
export const HOST_SCRIPT = `root=$1 pve=$2 props=$3 datasets=$4 files=$5 users=$6 paths=$7 smb=$8 fw=$9 zfs=\${10} stor=\${11} scfg=\${12} br=\${13} tpl=\${14} node=\${15}
set -f
IFS='
'
sec() { printf '\\036%s\\n' "$1"; }
end() { printf '\\037%s\\n' "$1"; }
has() { command -v "$1" >/dev/null 2>&1; }
if [ "$zfs" = 1 ]; then
sec zpool-list
if has zpool; then zpool list -H -o name,health 2>/dev/null; end $?; else end missing; fi
sec zpool-status
if has zpool; then zpool status -P 2>/dev/null || zpool status 2>/dev/null; end $?; else end missing; fi
sec zfs-list
if has zfs; then zfs list -H -p -o name,mountpoint 2>/dev/null; end $?; else end missing; fi
sec zfs-get
if has zfs && [ -n "$props" ] && [ -n "$datasets" ]; then zfs get -H -p -o name,property,value,source "$props" $datasets 2>/dev/null; end $?; else end skipped; fi
fi
if [ "$stor" = 1 ]; then
sec pvesm-status
if has pvesm; then if has timeout; then timeout 60 pvesm status 2>/dev/null; else pvesm status 2>/dev/null; fi; end $?; else end missing; fi
sec storage.cfg
cat "$pve/storage.cfg" 2>/dev/null; end $?
fi
if [ "$scfg" = 1 ] && [ "$stor" != 1 ]; then
sec storage.cfg
if cat "$pve/storage.cfg" 2>/dev/null; then end 0; else end 1
sec pvesm-status
if has pvesm; then if has timeout; then timeout 60 pvesm status 2>/dev/null; else pvesm status 2>/dev/null; fi; end $?; else end missing; fi
fi
fi
api=0
for b in $br; do sec "bridge $b"; if [ -e "$root/sys/class/net/$b" ]; then end present; else api=1; end absent; fi; done
if [ "$api" = 1 ]; then
sec bridges
if has pvesh; then pvesh get "/nodes/$node/network" --type any_bridge --output-format json 2>/dev/null; end $?; else end missing; fi
fi
for t in $tpl; do
  s=\${t%%:*} f=\${t#*:}; f=\${f##*/}
  loc=$(awk -v s="$s" '/^[A-Za-z0-9]+:[ \t]/ { if (hit) exit; if ($2 == s) { hit = 1; t = substr($1, 1, length($1) - 1) } next } hit && $1 == "path" { p = $2 } END { if (hit) print t " " p }' "$pve/storage.cfg" 2>/dev/null)
  type=\${loc%% *} dir=\${loc#* }
  case "$type" in nfs|cifs|cephfs|glusterfs) [ -n "$dir" ] || dir=/mnt/pve/$s;; esac
  sec "vztmpl $t"
  if [ -n "$dir" ] && [ -f "$root$dir/template/cache/$f" ]; then end present
  elif has pvesm; then pvesm list "$s" --content vztmpl 2>/dev/null; end $?
  else end missing; fi
done
sec tools
for t in exportfs smbpasswd pdbedit; do has "$t" && printf '%s\\n' "$t"; done; end 0
for f in $files; do sec "file $f"; cat "$f" 2>/dev/null; end $?; done
for u in $users; do
  sec "user $u"
  line=$(awk -F: -v u="$u" '$1 == u' "$root/etc/passwd" 2>/dev/null | head -n 1)
  if [ -z "$line" ]; then end absent; continue; fi
  printf 'passwd %s\\n' "$line"
  printf 'groups %s\\n' "$(awk -F: -v u="$u" '{ n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) printf "%s ", $1 }' "$root/etc/group" 2>/dev/null)"
  printf 'shadow %s\\n' "$(awk -F: -v u="$u" '$1 == u { print $2 }' "$root/etc/shadow" 2>/dev/null)"
  home=$(printf '%s\\n' "$line" | cut -d: -f6)
  printf 'keys\\n'
  if cat "$root$home/.ssh/authorized_keys" 2>/dev/null; then end present; else end nokeys; fi
done
if [ "$smb" = 1 ]; then sec pdbedit; if has pdbedit; then pdbedit -L 2>/dev/null; end $?; else end missing; fi; fi
for p in $paths; do sec "stat $p"; stat -L -c '%F|%u|%g|%a' "$p" 2>/dev/null; end $?; done
if [ "$fw" = 1 ]; then
  sec fw-options
  if has pvesh; then pvesh get /cluster/firewall/options --output-format json 2>/dev/null; end $?; else end missing; fi
  sec fw-rules
  if has pvesh; then pvesh get /cluster/firewall/rules --output-format json 2>/dev/null; end $?; else end missing; fi
fi
`;

/** `pvesm status` can hang on a dead network storage (bounded by `timeout 60` where there is one): the read's bound. */
export const HOST_FACTS_TIMEOUT_MS = 180_000;

/** The files a node's setup reads even when no query names them. */
export function defaultQuery(spec: NodeSpec): HostQuery {
  const root = hostRootOf(spec);
  return { ...emptyQuery(), zfs: true, storages: true, files: [underRoot(root, '/etc/exports'), underRoot(root, '/etc/samba/smb.conf')] };
}

/** HOST_SCRIPT's arguments for query `q` ($1 … $15). */
export function hostParams(spec: NodeSpec, q: HostQuery): string[] {
  const list = (xs: readonly string[]): string => {
    const bad = xs.find((x) => /[\n\0]/.test(x));
    if (bad !== undefined) throw new Error(`host facts: '${bad.replace(/\n/g, '\\n')}' contains a newline`);
    return xs.join('\n');
  };
  return [hostRootOf(spec).replace(/\/+$/, ''), spec.pveRoot.replace(/\/+$/, ''),
    q.props.join(','), list(q.datasets), list(q.files), list(q.users), list(q.paths), q.samba ? '1' : '0', q.firewall ? '1' : '0',
    q.zfs ? '1' : '0', q.storages ? '1' : '0', q.storageConfig ? '1' : '0', list(q.bridges), list(q.templates), spec.pveNode];
}

export const hostArgv = (spec: NodeSpec, q: HostQuery): string[] => ['sh', '-c', HOST_SCRIPT, 'phoenix-host', ...hostParams(spec, q)];

const ok = (s: Section | undefined): s is Section => s !== undefined && s.status === '0';

/** Each bridge asked for: in sysfs, else in the API's list (pve-common src/PVE/Network.pm `read_bridge_mtu` reads sysfs). */
function bridgesFrom(secs: Map<string, Section>, names: readonly string[]): Record<string, boolean | null> {
  const api = secs.get('bridges');
  const listed = ok(api) ? parseBridges(api.body) : null;
  return Object.fromEntries(names.map((b) => [b, secs.get(`bridge ${b}`)?.status === 'present' ? true : listed ? listed.includes(b) : null]));
}

/** Each template volid asked for: its file found, else whether `pvesm list` of its storage shows it (null: no answer). */
function templatesFrom(secs: Map<string, Section>, volids: readonly string[]): Record<string, boolean | null> {
  return Object.fromEntries(volids.map((v) => {
    const s = secs.get(`vztmpl ${v}`);
    if (s?.status === 'present') return [v, true];
    const file = v.slice(v.lastIndexOf('/') + 1);
    return [v, ok(s) ? parsePvesmList(s.body).some((x) => x.slice(x.lastIndexOf('/') + 1) === file) : null];
  }));
}

export function hostFactsFrom(out: string, q: HostQuery): HostFacts {
  const secs = splitSections(out);
  if (!secs.size) throw new Error('host facts: the node printed no sections (is /bin/sh there?)');
  const zl = secs.get('zpool-list');
  const zfsList = secs.get('zfs-list');
  const zfs = ok(zl) && zfsList?.status !== 'missing';
  const props = parseZfsGet(secs.get('zfs-get')?.body ?? '');
  const datasets: HostFacts['datasets'] = {};
  for (const [name, mountpoint] of Object.entries(parseZfsList(ok(zfsList) ? zfsList.body : ''))) datasets[name] = { mountpoint, props: props[name] ?? {} };
  // with storageConfig alone, `pvesm status` is there only when storage.cfg could not be read
  const cfg = secs.get('storage.cfg');
  const pvesm = secs.get('pvesm-status');
  const facts: HostFacts = {
    zfs,
    pools: zfs ? poolsFrom(parseZpoolList(zl.body), parseZpoolStatus(secs.get('zpool-status')?.body ?? '')) : {},
    datasets,
    storages: storagesFrom(ok(cfg) ? parseStorageCfg(cfg.body) : {}, ok(pvesm) ? parsePvesmStatus(pvesm.body) : {}),
    files: {}, users: {}, paths: {}, sambaUsers: null, firewall: null,
  };
  if (q.bridges.length) facts.bridges = bridgesFrom(secs, q.bridges);
  if (q.templates.length) facts.templates = templatesFrom(secs, q.templates);
  const tools = secs.get('tools');
  if (tools) facts.tools = tools.body.split('\n').filter(Boolean);
  for (const f of q.files) { const s = secs.get(`file ${f}`); facts.files[f] = ok(s) ? s.body : null; }
  for (const u of q.users) { const s = secs.get(`user ${u}`); facts.users[u] = s ? parseUserSection(s) : null; }
  for (const p of q.paths) { const s = secs.get(`stat ${p}`); facts.paths[p] = ok(s) ? parseStat(s.body) : null; }
  const smb = secs.get('pdbedit');
  if (ok(smb)) facts.sambaUsers = parsePdbedit(smb.body);
  const fo = secs.get('fw-options');
  const fr = secs.get('fw-rules');
  if (ok(fo) && ok(fr)) facts.firewall = { options: parseFwOptions(fo.body), rules: parseFwRules(fr.body) };
  return facts;
}

/** One exec on the node; `query` says which datasets, files, users, paths and services the planned steps need. */
export async function gatherHostFacts(conn: Connection, spec: NodeSpec, query: HostQuery = defaultQuery(spec)): Promise<HostFacts> {
  const r = await conn.exec(hostArgv(spec, query), { timeoutMs: HOST_FACTS_TIMEOUT_MS });
  return hostFactsFrom(r.stdout, query);
}

/** Host facts re-read after an act (for query `q`), laid over the ones of the state read: what was read again replaces what was. */
export function mergeHostFacts(into: HostFacts, fresh: HostFacts, q: HostQuery): HostFacts {
  return {
    ...into,
    ...(q.zfs ? { zfs: fresh.zfs, pools: fresh.pools, datasets: { ...into.datasets, ...fresh.datasets } } : {}),
    ...(q.storages || q.storageConfig ? { storages: fresh.storages } : {}),
    files: { ...into.files, ...fresh.files },
    users: { ...into.users, ...fresh.users },
    paths: { ...into.paths, ...fresh.paths },
    sambaUsers: fresh.sambaUsers ?? into.sambaUsers,
    firewall: fresh.firewall ?? into.firewall,
    ...(q.bridges.length ? { bridges: { ...into.bridges, ...fresh.bridges } } : {}),
    ...(q.templates.length ? { templates: { ...into.templates, ...fresh.templates } } : {}),
    ...(fresh.tools ? { tools: fresh.tools } : {}),
  };
}
