// The CLI half of the state read, for a node whose pmxcfs files Phoenix cannot read (and for the status of guests
// the resource list does not show yet): ONE exec for any number of guests. A fixed script prints delimited sections
// (`<RS>name`, the command's stdout, `<US>exit status`, as gather-host.ts HOST_SCRIPT does); vmids and the node name
// travel as arguments, never inside the script.
import type { NodeSpec } from '../../inventory/model.js';
import type { GuestFacts, GuestType } from '../../tasks/facts.js';
import { ruleFromApi } from '../../tasks/firewall-rules.js';
import type { Connection } from '../connection.js';
import { guestFromConf } from './parse-conf.js';
import { splitSections, type Section } from './parse-host.js';

/**
 * $1 Proxmox node name, then one argument per guest: `<what>/<type>/<vmid>`, what = `s` (status), `c` (config,
 * snapshots, firewall rules and options) or `sc`; type = lxc | qemu | any (the kind whose `status` answers; a vmid
 * neither answers for prints nothing). Sections are named `<part> <type> <vmid>`. A guest's four reads run side by
 * side (into a temp dir; one after another when there is none), guests one after another; `done` closes the output.
 */
export const CLI_SCRIPT = `node=$1; shift
sec() { printf '\\036%s\\n' "$1"; }
end() { printf '\\037%s\\n' "$1"; }
t=$(mktemp -d 2>/dev/null) || t=
trap '[ -z "$t" ] || rm -rf "$t"' EXIT
job() {
  f=$1; n=$2; shift 2
  if [ -n "$t" ]; then { sec "$n"; "$@" 2>/dev/null; end $?; } >"$t/$f" &
  else sec "$n"; "$@" 2>/dev/null; end $?; fi
}
flush() {
  [ -n "$t" ] || return 0
  wait
  for f in s c l r o; do if [ -f "$t/$f" ]; then cat "$t/$f"; rm -f "$t/$f"; fi; done
}
for g; do
  what=\${g%%/*}; rest=\${g#*/}; type=\${rest%%/*}; id=\${rest#*/}; asked=
  if [ "$type" = any ]; then
    if out=$(pct status "$id" 2>/dev/null); then type=lxc
    elif out=$(qm status "$id" 2>/dev/null); then type=qemu
    else continue; fi
    sec "status $type $id"; printf '%s\\n' "$out"; end 0; asked=1
  fi
  case $type in lxc) tool=pct ;; qemu) tool=qm ;; *) continue ;; esac
  case $what in *s*) [ -n "$asked" ] || job s "status $type $id" "$tool" status "$id" ;; esac
  case $what in *c*)
    job c "config $type $id" "$tool" config "$id"
    job l "snapshots $type $id" "$tool" listsnapshot "$id"
    job r "fw-rules $type $id" pvesh get "/nodes/$node/$type/$id/firewall/rules" --output-format json
    job o "fw-options $type $id" pvesh get "/nodes/$node/$type/$id/firewall/options" --output-format json
  ;; esac
  flush
done
sec done; end 0
`;

/** What to ask about one guest. `type: 'any'` always asks the status (it is how the kind is found). */
export interface CliAsk { vmid: string; type: GuestType | 'any'; status: boolean; config: boolean }

/** What came back for one guest: its kind and the sections printed for it. */
export interface CliRead { type: GuestType; status?: Section; config?: Section; snapshots?: Section; rules?: Section; options?: Section }

export function cliArgv(pveNode: string, asks: readonly CliAsk[]): string[] {
  const args = asks.map((a) => {
    if (!/^\d+$/.test(a.vmid)) throw new Error(`guest read: '${a.vmid}' is not a vmid`);
    const what = `${a.status || a.type === 'any' ? 's' : ''}${a.config ? 'c' : ''}`;
    return `${what}/${a.type}/${a.vmid}`;
  });
  return ['sh', '-c', CLI_SCRIPT, 'phoenix-cli', pveNode, ...args];
}

const PARTS = { status: 'status', config: 'config', snapshots: 'snapshots', 'fw-rules': 'rules', 'fw-options': 'options' } as const;

/** CLI_SCRIPT's output by vmid; undefined when it did not run to its end (cut off, or no /bin/sh). */
export function parseCliRead(out: string): Map<string, CliRead> | undefined {
  const secs = splitSections(out);
  if (secs.get('done')?.status !== '0') return undefined;
  const reads = new Map<string, CliRead>();
  for (const [name, s] of secs) {
    const m = /^(status|config|snapshots|fw-rules|fw-options) (lxc|qemu) (\d+)$/.exec(name);
    if (!m) continue;
    const [, part, type, vmid] = m as unknown as [string, keyof typeof PARTS, GuestType, string];
    const r = reads.get(vmid) ?? { type };
    r[PARTS[part]] = s;
    reads.set(vmid, r);
  }
  return reads;
}

export const answered = (s: Section | undefined): s is Section => s !== undefined && s.status === '0';

/** `status: running` (`pct status` / `qm status`); 'unknown' when it did not answer. */
export function statusOf(s: Section | undefined): string {
  return (answered(s) ? /status:\s*(\S+)/.exec(s.body)?.[1] : undefined) ?? 'unknown';
}

/** `pct|qm listsnapshot` tree (GuestHelpers.pm `print_snapshot_tree`): names, without the `current` node, sorted. */
export function parseListSnapshot(text: string): string[] {
  return text.split('\n').map((l) => /^\s*(?:`->\s*)?(\S+)/.exec(l)?.[1]).filter((s): s is string => !!s && s !== 'current').sort();
}

/** Firewall from the guest firewall API; absent when the rules did not answer or either answer is not JSON. */
function firewallOf(rules: Section | undefined, options: Section | undefined): GuestFacts['firewall'] {
  if (!answered(rules)) return undefined;
  try {
    const list: unknown = JSON.parse(rules.body.trim() || '[]');
    const opts: unknown = JSON.parse((answered(options) ? options.body.trim() : '') || '{}');
    if (!Array.isArray(list)) return undefined;
    const o = opts !== null && typeof opts === 'object' ? (opts as Record<string, unknown>) : {};
    return {
      options: Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'digest').map(([k, v]) => [k, String(v)])),
      rules: [...(list as Record<string, unknown>[])].sort((a, b) => Number(a.pos) - Number(b.pos)).map(ruleFromApi),
    };
  } catch {
    return undefined; // firewall unknown: the firewall task then compares against nothing and says so
  }
}

/**
 * A GuestFacts from what the CLI said; `status` as the resource list (or an earlier read) knows it, else the read's.
 * `pct|qm config` print the current section with pending values taken in (pve-guest-common AbstractConfig.pm
 * `load_current_config`, no `--current`), so `pending` stays empty here; and `description: <encode_text>` as a key
 * (pve-container CLI/pct.pm, qemu-server CLI/qm.pm `config`), which parseConf reads as the config file's
 * `description:` line: the description. Snapshot names come from `listsnapshot`; their keys are not read
 * (`snapshotConfig` stays unknown).
 */
export function guestFromCli(vmid: string, r: CliRead, node: string, status?: string): GuestFacts {
  const g = guestFromConf(vmid, r.type, node, answered(r.config) ? r.config.body : '', status ?? statusOf(r.status));
  delete g.snapshotConfig;
  g.snapshots = answered(r.snapshots) ? parseListSnapshot(r.snapshots.body) : [];
  const fw = firewallOf(r.rules, r.options);
  if (fw) g.firewall = fw;
  return g;
}

/** One exec for every ask; a guest with no section at all (an `any` vmid no kind answered for) is left out. */
export async function readViaCli(conn: Connection, spec: NodeSpec, asks: readonly CliAsk[]): Promise<Map<string, CliRead>> {
  if (!asks.length) return new Map();
  const r = await conn.exec(cliArgv(spec.pveNode, asks));
  const reads = parseCliRead(r.stdout);
  if (!reads) throw new Error(`reading guests through the CLI on ${spec.name} did not complete (exit ${r.code}): ${r.stderr.trim() || 'no output'}`);
  return reads;
}
