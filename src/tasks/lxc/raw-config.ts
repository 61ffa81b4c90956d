// The managed block of raw lxc.* lines in /etc/pve/nodes/<node>/lxc/<id>.conf (pct set cannot write them).
// Replaced as a unit under the config's lock, written atomically (temp file + rename).
import { guestOf } from '../facts.js';
import { arr, obj, str, vmidSchema } from '../schema.js';
import { act, cmd, noop, update, type TaskDef } from '../types.js';

export interface RawConfigParams { vmid: string; lines: string[] }

/**
 * Fixed script: $1 = config file; stdin = the new raw lines. Drops the current section's lxc.* lines and
 * writes the new ones at the end of that section (before the first [section]), as PVE itself orders them.
 */
export const REPLACE_RAW = `set -e
f="$1"; new="$(cat)"; tmp="$f.phoenix.$$"
mkdir -p /run/lock/lxc 2>/dev/null || true
exec 9>>"/run/lock/lxc/pve-config-$2.lock" 2>/dev/null || exec 9>/dev/null
flock -w 10 9 || { echo "can't lock file '/run/lock/lxc/pve-config-$2.lock' - got timeout" >&2; exit 1; }
NEW="$new" awk 'BEGIN{sec=0; b=0; new=ENVIRON["NEW"]}
!sec && /^$/ {b++; next}
!sec && /^\\[/ {if (new != "") print new; for (i=0;i<b;i++) print ""; sec=1; print; next}
!sec && /^lxc\\./ {next}
!sec {for (i=0;i<b;i++) print ""; b=0; print; next}
{print}
END{if (!sec && new != "") print new}' "$f" > "$tmp"
mv "$tmp" "$f"`;

export const lxcRawConfig: TaskDef<RawConfigParams, 'lxc.raw-config'> = {
  name: 'lxc.raw-config',
  // config/schemas `lxc_options` items: one `lxc.key = value` / `lxc.key: value` line, no line break
  schema: obj({ vmid: vmidSchema, lines: arr(str({ pattern: '^lxc\\.[A-Za-z0-9_.-]+ *[=:][^\\r\\n]*$' })) }),
  mutates: true,
  reconfigure: true,
  owned: true,
  reread: 'guest',
  guests: (p) => [p.vmid],
  title: (p) => `CT ${p.vmid}: raw lxc.* lines (${p.lines.length})`,
  plan(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) throw new Error(`CT ${p.vmid} does not exist on ${facts.node}`);
    const have = g.rawLxc;
    if (have.length === p.lines.length && have.every((l, i) => l === p.lines[i])) return noop();
    const added = p.lines.filter((l) => !have.includes(l));
    const removed = have.filter((l) => !p.lines.includes(l));
    const confPath = `${facts.paths.pveRoot.replace(/\/+$/, '')}/nodes/${facts.pveNode}/lxc/${p.vmid}.conf`;
    return act(
      update([...added.map((l) => `+ ${l}`), ...removed.map((l) => `- ${l}`)].join('; ') || 'reorder', [{ field: 'lxc.*', from: have.join('\n') || null, to: p.lines.join('\n') || null }]),
      cmd(['sh', '-c', REPLACE_RAW, 'phoenix-raw-lxc', confPath, p.vmid], { stdin: [p.lines.join('\n')], what: `writing the raw lxc.* lines of CT ${p.vmid}` }),
    );
  },
};
