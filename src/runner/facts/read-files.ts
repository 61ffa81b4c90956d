// The node's state read: every guest config and firewall file, pmxcfs's `.vmlist` and `ha/resources.cfg`, the names
// of the cloud images, AND the live guest lists (`pvesh get /nodes/<node>/lxc|qemu`), in ONE exec: two Proxmox tool
// calls, run in the background while the files are read (three when `.vmlist` cannot be read and
// `/cluster/resources` stands in for it). And the file read of one guest after an act (cat only, no tool call).
import type { NodeSpec } from '../../inventory/model.js';
import type { GuestType } from '../../tasks/facts.js';
import { HOST_SCRIPT } from './gather-host.js';
import { splitSections, type Section } from './parse-host.js';

const SEP = '\x1e';

/**
 * $1 node dir (`<pveRoot>/nodes/<node>`)  $2 firewall dir  $3 image dir  $4 pveRoot  $5 Proxmox node name; more
 * arguments are those of gather-host.ts HOST_SCRIPT, which then runs in the same exec (`hostfacts`, beside the tool
 * calls; its own sections are copied in as they are).
 * Sections `<RS>name`, body, `<US>status`: `list-lxc` / `list-qemu` (the live lists; stdout when the call exits 0,
 * else its stderr; status = exit code), `resources` (only when `.vmlist` is unreadable), `fw/<id>.fw`, `images` (one
 * regular file name a line; a missing dir lists nothing; a name holding a newline is left out), `vmlist` (when
 * readable), `ha` (`ha/resources.cfg`; status `absent` without one; no section when pveRoot is no directory),
 * `lxc/<id>.conf` / `qemu-server/<id>.conf`, then `done`.
 * Processes are what a state read costs (a fork and an exec cost milliseconds of the node's CPU, more on a virtual
 * machine): the shell's own tests and loops list the files, ONE awk reads them all and the calls' answers, the two
 * calls run in the background meanwhile (into a temp dir), and the temp dir goes with the shell's last exec. Without
 * a temp dir the calls run first, one after the other.
 */
export const READ_CONFIGS = `d=$1; fw=$2; img=$3; root=$4; node=$5
nl='
'
sec() { printf '\\036%s\\n' "$1"; }
end() { printf '\\037%s\\n' "$1"; }
t=$(mktemp -d 2>/dev/null) || t=
trap '[ -z "$t" ] || exec rm -rf "$t"' EXIT
if [ $# -gt 5 ]; then shift 5; else set --; fi
# the Proxmox calls, each through call(): in the background into $t (in the reader's pipeline below), or, without a
# temp dir, here, one after the other, straight out
calls() {
  call list-lxc pvesh get "/nodes/$node/lxc" --output-format json
  call list-qemu pvesh get "/nodes/$node/qemu" --output-format json
  [ -r "$root/.vmlist" ] || call resources pvesh get /cluster/resources --type vm --output-format json
}
if [ -z "$t" ]; then
  call() { n=$1; shift; sec "$n"; "$@" 2>/dev/null; end $?; }
  calls
  [ $# -eq 0 ] || ( hostfacts "$@" ) 2>/dev/null
fi
sec images
if [ -n "$img" ]; then for f in "$img"/*; do [ -f "$f" ] || continue; n=\${f##*/}; case $n in *"$nl"*) continue ;; esac; printf '%s\\n' "$n"; done; fi
end 0
if [ -d "$root" ] && [ ! -f "$root/ha/resources.cfg" ]; then sec ha; end absent; fi
# what the reader (the awk below) is given, two lines each: \`f<section>\` and a file (a section of its lines, status
# 0, or 1 when it could not be read); \`c<exit> <section>\` and a call's stdout (exit 0) or stderr file; \`r\` and a
# file to copy as it is. Only regular files (awk stops at a directory), tested by the shell; a path holding a newline
# is left out (it would break the two-line records).
{
  started=
  if [ -n "$t" ]; then
    call() { n=$1; shift; "$@" >"$t/$n.o" 2>"$t/$n.e" & started="$started $n:$!"; }
    calls
    [ $# -eq 0 ] || { ( hostfacts "$@" ) >"$t/host.s" 2>/dev/null & host=$!; }
  fi
  file() { case $2 in *"$nl"*) return 1 ;; esac; [ -f "$2" ] && printf 'f%s\\n%s\\n' "$1" "$2"; }
  for f in "$fw"/*.fw; do file "fw/\${f##*/}" "$f"; done
  [ -r "$root/.vmlist" ] && file vmlist "$root/.vmlist"
  [ -d "$root" ] && file ha "$root/ha/resources.cfg"
  for f in "$d"/lxc/*.conf; do file "lxc/\${f##*/}" "$f"; done
  for f in "$d"/qemu-server/*.conf; do file "qemu-server/\${f##*/}" "$f"; done
  for c in $started; do
    n=\${c%:*}
    if wait "\${c##*:}"; then printf 'c0 %s\\n%s\\n' "$n" "$t/$n.o"; else r=$?; printf 'c%s %s\\n%s\\n' "$r" "$n" "$t/$n.e"; fi
  done
  [ -z "\${host:-}" ] || { wait "$host"; printf 'r\\n%s\\n' "$t/host.s"; }
} | awk '{
  k = substr($0, 1, 1); h = substr($0, 2)
  if ((getline f) <= 0) exit
  if (k == "r") { while ((getline l < f) > 0) print l; close(f); next }
  s = ""
  if (k == "c") { s = h; sub(/ .*/, "", s); sub(/^[^ ]* /, "", h) }
  printf "\\036%s\\n", h
  while ((x = (getline l < f)) > 0) print l
  close(f)
  if (k == "c") printf "\\037%s\\n", s; else printf "\\037%d\\n", (x < 0)
}'
sec done; end 0`;

/** $1 node dir  $2 vmid  $3 firewall dir: one guest's config file (either kind) and its firewall file. */
export const READ_ONE = `d="$1"; id="$2"
[ -d "$d" ] && printf '\\036dir\\n'
if [ -f "$d/lxc/$id.conf" ]; then printf '\\036lxc\\n'; cat "$d/lxc/$id.conf"
elif [ -f "$d/qemu-server/$id.conf" ]; then printf '\\036qemu\\n'; cat "$d/qemu-server/$id.conf"; fi
if [ -f "$3/$id.fw" ]; then printf '\\036fw\\n'; cat "$3/$id.fw"; fi`;

const trimmed = (p: string): string => p.replace(/\/+$/, '');

export const firewallDir = (spec: NodeSpec): string => `${trimmed(spec.pveRoot)}/firewall`;

export const nodeDir = (spec: NodeSpec): string => `${trimmed(spec.pveRoot)}/nodes/${spec.pveNode}`;

/** The state read's argv; with `host` (HOST_SCRIPT's arguments, gather-host.ts hostParams) the host facts come with it. */
export const readConfigsArgv = (spec: NodeSpec, host?: readonly string[]): string[] => [
  'sh', '-c', host ? `hostfacts() {\n${HOST_SCRIPT}}\n${READ_CONFIGS}` : READ_CONFIGS, 'phoenix-facts',
  nodeDir(spec), firewallDir(spec), spec.imageDir, trimmed(spec.pveRoot), spec.pveNode, ...(host ?? []),
];

export const readOneArgv = (spec: NodeSpec, vmid: string): string[] =>
  ['sh', '-c', READ_ONE, 'phoenix-facts', nodeDir(spec), vmid, firewallDir(spec)];

export interface NodeFiles {
  configs: Map<string, { type: GuestType; text: string }>;
  firewall: Map<string, string>;
  /** File names in the image dir, sorted. */
  images: string[];
  /** The live lists (`pvesh get /nodes/<node>/lxc|qemu`): JSON when `status` is '0', else the call's stderr. */
  lists: Partial<Record<GuestType, Section>>;
  /** `/cluster/resources`, asked only when `.vmlist` was unreadable. */
  resources?: Section;
  /** `<pveRoot>/.vmlist`, when readable. */
  vmlist?: Section;
  /** `<pveRoot>/ha/resources.cfg` (status `absent` when there is none); absent when pveRoot is no directory. */
  ha?: Section;
  /** The script ran to its end (a cut-off output must not read as "fewer guests"). */
  complete: boolean;
}

/** READ_CONFIGS' output. */
export function splitConfigs(out: string): NodeFiles {
  const files: NodeFiles = { configs: new Map(), firewall: new Map(), images: [], lists: {}, complete: false };
  for (const [head, sec] of splitSections(out)) {
    const m = /^(lxc|qemu-server)\/(\d+)\.conf$/.exec(head);
    if (m) files.configs.set(m[2]!, { type: m[1] === 'lxc' ? 'lxc' : 'qemu', text: sec.body });
    const fw = /^fw\/(\d+)\.fw$/.exec(head);
    if (fw) files.firewall.set(fw[1]!, sec.body);
    if (head === 'images') files.images = sec.body.split('\n').filter((n) => n !== '').sort();
    if (head === 'list-lxc') files.lists.lxc = sec;
    if (head === 'list-qemu') files.lists.qemu = sec;
    if (head === 'resources') files.resources = sec;
    if (head === 'vmlist') files.vmlist = sec;
    if (head === 'ha') files.ha = sec;
    if (head === 'done') files.complete = sec.status === '0';
  }
  return files;
}

export interface OneFile { type: GuestType; text: string; firewall?: string }

/** READ_ONE saw the node's config directory: an absent config file then means the guest is gone. */
export const sawNodeDir = (out: string): boolean => out.split(SEP).slice(1).some((p) => p === 'dir\n' || p.startsWith('dir\n'));

/** READ_ONE's output: undefined when the node dir holds no config file of that vmid. */
export function splitOne(out: string): OneFile | undefined {
  const parts = out.split(SEP).slice(1);
  const head = parts.find((p) => p.startsWith('lxc\n') || p.startsWith('qemu\n'));
  if (!head) return undefined;
  const fw = parts.find((p) => p.startsWith('fw\n'));
  const type: GuestType = head.startsWith('lxc\n') ? 'lxc' : 'qemu';
  return { type, text: head.slice(head.indexOf('\n') + 1), ...(fw !== undefined ? { firewall: fw.slice(3) } : {}) };
}
