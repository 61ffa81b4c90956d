// The file half of the state read: every guest config and firewall file of a node, and the names of its cloud
// images, in ONE exec (cat only, no Proxmox tool call); and the same for one guest after an act.
import type { NodeSpec } from '../../inventory/model.js';
import type { GuestType } from '../../tasks/facts.js';

const SEP = '\x1e';

/**
 * $1 node dir (`<pveRoot>/nodes/<node>`)  $2 firewall dir  $3 image dir. Prints `<RS>fw/<id>.fw` then the file, for
 * every guest firewall file; `<RS>images` then one name a line, for every regular file of the image dir (a missing
 * dir lists nothing; a name holding a newline is left out); `<RS>lxc/<id>.conf` then the file, for every config.
 */
export const READ_CONFIGS = `nl='
'
for f in "$2"/*.fw; do [ -f "$f" ] || continue; printf '\\036fw/%s\\n' "\${f##*/}"; cat "$f"; done
printf '\\036images\\n'
if [ -n "$3" ]; then for f in "$3"/*; do [ -f "$f" ] || continue; n=\${f##*/}; case $n in *"$nl"*) continue ;; esac; printf '%s\\n' "$n"; done; fi
cd "$1" 2>/dev/null || exit 0
for f in lxc/*.conf qemu-server/*.conf; do [ -f "$f" ] || continue; printf '\\036%s\\n' "$f"; cat "$f"; done`;

/** $1 node dir  $2 vmid  $3 firewall dir: one guest's config file (either kind) and its firewall file. */
export const READ_ONE = `d="$1"; id="$2"
if [ -f "$d/lxc/$id.conf" ]; then printf '\\036lxc\\n'; cat "$d/lxc/$id.conf"
elif [ -f "$d/qemu-server/$id.conf" ]; then printf '\\036qemu\\n'; cat "$d/qemu-server/$id.conf"; fi
if [ -f "$3/$id.fw" ]; then printf '\\036fw\\n'; cat "$3/$id.fw"; fi`;

const trimmed = (p: string): string => p.replace(/\/+$/, '');

export const firewallDir = (spec: NodeSpec): string => `${trimmed(spec.pveRoot)}/firewall`;

export const nodeDir = (spec: NodeSpec): string => `${trimmed(spec.pveRoot)}/nodes/${spec.pveNode}`;

export const readConfigsArgv = (spec: NodeSpec): string[] =>
  ['sh', '-c', READ_CONFIGS, 'phoenix-facts', nodeDir(spec), firewallDir(spec), spec.imageDir];

export const readOneArgv = (spec: NodeSpec, vmid: string): string[] =>
  ['sh', '-c', READ_ONE, 'phoenix-facts', nodeDir(spec), vmid, firewallDir(spec)];

export interface NodeFiles {
  configs: Map<string, { type: GuestType; text: string }>;
  firewall: Map<string, string>;
  /** File names in the image dir, sorted. */
  images: string[];
}

export function splitConfigs(out: string): NodeFiles {
  const files: NodeFiles = { configs: new Map(), firewall: new Map(), images: [] };
  for (const chunk of out.split(SEP).slice(1)) {
    const nl = chunk.indexOf('\n');
    const head = nl < 0 ? chunk : chunk.slice(0, nl);
    const body = nl < 0 ? '' : chunk.slice(nl + 1);
    const m = /^(lxc|qemu-server)\/(\d+)\.conf$/.exec(head);
    if (m) files.configs.set(m[2]!, { type: m[1] === 'lxc' ? 'lxc' : 'qemu', text: body });
    const fw = /^fw\/(\d+)\.fw$/.exec(head);
    if (fw) files.firewall.set(fw[1]!, body);
    if (head === 'images') files.images = body.split('\n').filter((n) => n !== '').sort();
  }
  return files;
}

export interface OneFile { type: GuestType; text: string; firewall?: string }

/** READ_ONE's output: undefined when the node dir holds no config file of that vmid. */
export function splitOne(out: string): OneFile | undefined {
  const parts = out.split(SEP).slice(1);
  const head = parts.find((p) => p.startsWith('lxc\n') || p.startsWith('qemu\n'));
  if (!head) return undefined;
  const fw = parts.find((p) => p.startsWith('fw\n'));
  const type: GuestType = head.startsWith('lxc\n') ? 'lxc' : 'qemu';
  return { type, text: head.slice(head.indexOf('\n') + 1), ...(fw !== undefined ? { firewall: fw.slice(3) } : {}) };
}
