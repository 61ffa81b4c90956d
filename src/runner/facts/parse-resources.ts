// Which guests exist, where, and whether they run: the live per-node lists, pmxcfs's `.vmlist`, and the fallbacks
// (`pvesh get /cluster/resources`, `pct list` / `qm list`).
import type { GuestType } from '../../tasks/facts.js';

export interface Resource { vmid: string; type: GuestType; node: string; status: string; name?: string; lock?: string }

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonArray(json: string, what: string): Record<string, unknown>[] {
  const data: unknown = JSON.parse(json);
  if (!Array.isArray(data)) throw new Error(`${what} did not return a JSON array`);
  return data.filter(isObject);
}

function entry(e: Record<string, unknown>, type: GuestType, node: string): Resource | undefined {
  const vmid = String(e.vmid ?? String(e.id ?? '').split('/')[1] ?? '');
  if (!/^\d+$/.test(vmid)) return undefined;
  const r: Resource = { vmid, type, node, status: typeof e.status === 'string' && e.status ? e.status : 'unknown' };
  if (typeof e.name === 'string') r.name = e.name;
  if (typeof e.lock === 'string' && e.lock) r.lock = e.lock;
  return r;
}

/**
 * `pvesh get /nodes/<node>/lxc|qemu --output-format json`: the node's guests of one kind with their LIVE status
 * (pve-container src/PVE/API2/LXC.pm `vmlist` -> PVE/LXC.pm `vmstatus`: `running` when lxc lists the CT active,
 * else `stopped`; qemu-server src/PVE/API2/Qemu.pm `vmlist` -> PVE/QemuServer.pm `vmstatus`: `running` when the VM
 * has a pid). Both schemas (`$vmstatus_return_properties`) allow only `stopped` and `running`; anything else, or no
 * status at all, is kept as it came (`unknown`), never read as either.
 */
export function parseNodeList(json: string, type: GuestType, node: string): Resource[] {
  return jsonArray(json, `pvesh /nodes/${node}/${type}`).map((e) => entry(e, type, node)).filter((r): r is Resource => r !== undefined);
}

/**
 * `pvesh get /cluster/resources --type vm --output-format json`, used only for cluster membership when `.vmlist`
 * cannot be read: its `status` lags (pve-manager PVE/API2Tools.pm `extract_vm_stats`: pvestatd's RRD data, `unknown`
 * until there is some, refreshed every 10 s by PVE/Service/pvestatd.pm).
 */
export function parseResources(json: string): Resource[] {
  const out: Resource[] = [];
  for (const e of jsonArray(json, 'pvesh /cluster/resources')) {
    if (e.type !== 'lxc' && e.type !== 'qemu') continue;
    const r = entry(e, e.type, String(e.node ?? ''));
    if (r) out.push(r);
  }
  return out;
}

/**
 * pmxcfs's `<pveRoot>/.vmlist` (pve-cluster src/pmxcfs/status.c `cfs_create_vmlist_msg`, served by pmxcfs.c as
 * `.vmlist`): `{"version": N, "ids": {"100": {"node": "pve", "type": "lxc", "version": 3}, ...}}`, with no `ids` when
 * the cluster has no guest. Types other than lxc and qemu (`openvz`, `unknown`: status.c `vminfo_type_to_string`)
 * are left out. Undefined when the text is not that JSON.
 */
export function parseDotVmlist(json: string): Map<string, { node: string; type: GuestType }> | undefined {
  let data: unknown;
  try { data = JSON.parse(json); } catch { return undefined; }
  if (!isObject(data)) return undefined;
  const ids = data.ids ?? {};
  if (!isObject(ids)) return undefined;
  const out = new Map<string, { node: string; type: GuestType }>();
  for (const [vmid, v] of Object.entries(ids)) {
    if (!/^\d+$/.test(vmid) || !isObject(v) || typeof v.node !== 'string') continue;
    if (v.type === 'lxc' || v.type === 'qemu') out.set(vmid, { node: v.node, type: v.type });
  }
  return out;
}

const rows = (text: string): string[][] => text.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => /^\d+$/.test(f[0] ?? ''));

/**
 * `pct list` (pve-container src/PVE/CLI/pct.pm `list`): printf `%-10s %-10s %-12s %-20s` of VMID, Status, Lock, Name.
 * printf pads but never cuts, so a column can run into the next: split on blanks instead of cutting columns. The
 * name has no blank (PVE/LXC.pm `vmstatus` strips them, `CT<vmid>` when unset) and never is empty, so three
 * fields mean no lock.
 */
export function parsePctList(text: string, node: string): Resource[] {
  return rows(text).map((f) => {
    const r: Resource = { vmid: f[0]!, type: 'lxc', node, status: f[1] ?? 'unknown' };
    const [lock, name] = f.length >= 4 ? [f[2], f.slice(3).join(' ')] : [undefined, f[2]];
    if (name) r.name = name;
    if (lock) r.lock = lock;
    return r;
  });
}

/**
 * `qm list` (qemu-server src/PVE/CLI/qm.pm `list`): printf `%10s %-20s %-10s %-10s %12.2f %-10s` of VMID, NAME,
 * STATUS, MEM(MB), BOOTDISK(GB), PID. The name may hold a blank (`VM 9000`, PVE/QemuServer.pm `vmstatus`'s default)
 * and may be longer than its column: the last four fields are fixed, the name is what lies between.
 */
export function parseQmList(text: string, node: string): Resource[] {
  return rows(text).filter((f) => f.length >= 5).map((f) => {
    const tail = f.slice(-4);
    const r: Resource = { vmid: f[0]!, type: 'qemu', node, status: tail[0] ?? 'unknown' };
    const name = f.slice(1, -4).join(' ');
    if (name) r.name = name;
    return r;
  });
}
