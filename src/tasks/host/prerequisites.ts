// host.prerequisites: before any guest work on a node, what its guests need from the host is there — the storages
// (with the content types they are used for), the ZFS pools the configured ones sit on, the bridges the NICs plug
// into. One check per node from the node's one state read; it fails with every missing item at once and says what
// creates it (`phoenix setup`, for what the hypervisor config defines), instead of a create failing deep inside.
import { arr, bool, obj, str, storageIdSchema } from '../schema.js';
import { noop, type TaskDef } from '../types.js';
import { hostOf, type HostFacts } from './host-facts.js';

export interface StorageNeed {
  storage: string;
  /** Content types the guests use it for: `rootdir` (CT volumes), `images` (VM disks), `vztmpl` (OS templates). */
  content: string[];
  usedBy: string[];
  /** The ZFS pool it is on, when the hypervisor config defines it on a dataset. */
  pool?: string;
  /** The hypervisor config defines it: `phoenix setup` creates it. */
  inSetup: boolean;
}

export interface BridgeNeed { bridge: string; usedBy: string[] }

export interface HostPrerequisitesParams { storages: StorageNeed[]; bridges: BridgeNeed[] }

const ids = arr(str({ pattern: '^[1-9][0-9]{2,8}$' }), { minItems: 1 });
// a bridge or SDN vnet name, as PVE takes it (pve-common src/PVE/JSONSchema.pm `parse_bridge_id` l.274)
const bridgeName = str({ pattern: '^[-_.\\w]+$' });

const who = (usedBy: readonly string[]): string => `for ${usedBy.join(', ')}`;

/** The storage's problem, or undefined when it is there, active and allows what the guests use it for. */
function storageProblem(h: HostFacts, s: StorageNeed, pveNode: string): string | undefined {
  const have = h.storages[s.storage];
  if (!have) return `storage '${s.storage}' (${who(s.usedBy)})`;
  // storage.cfg `disable` / `nodes` (pve-storage PVE/Storage.pm `storage_check_enabled`, `storage_check_node`: "is
  // disabled", "is not available on node"); `pvesm status` (read only when storage.cfg is not): active or not
  if (have.props.disable !== undefined && have.props.disable !== '0') return `storage '${s.storage}' is disabled (${who(s.usedBy)})`;
  const nodes = have.props.nodes?.split(',').map((n) => n.trim());
  if (nodes && !nodes.includes(pveNode)) return `storage '${s.storage}' is not available on node '${pveNode}' (${who(s.usedBy)})`;
  if (have.status !== undefined && have.status !== 'active') return `storage '${s.storage}' is ${have.status} (${who(s.usedBy)})`;
  // pct create refuses a storage without rootdir (pve-container src/PVE/API2/LXC.pm `create_vm` l.351: "does not
  // support container directories"), qm create one without images (qemu-server src/PVE/API2/Qemu.pm l.191), pveam
  // download one without vztmpl (pve-manager PVE/API2/Nodes.pm `apl_download`: "does not support templates")
  const content = have.props.content?.split(',').map((c) => c.trim());
  const lacks = content ? s.content.filter((c) => !content.includes(c)) : [];
  if (lacks.length) return `storage '${s.storage}' without content ${lacks.join(', ')} (${who(s.usedBy)})`;
  return undefined;
}

function missing(h: HostFacts, p: HostPrerequisitesParams, pveNode: string): { items: string[]; bySetup: boolean; byHand: string[] } {
  const items: string[] = [];
  const byHand: string[] = [];
  let bySetup = false;
  const pools = new Map<string, string[]>();
  for (const s of p.storages) if (s.pool !== undefined && !h.storages[s.storage]) pools.set(s.pool, [...(pools.get(s.pool) ?? []), s.storage]);
  for (const [pool, storages] of pools) {
    if (h.pools[pool]) continue;
    items.push(`ZFS pool '${pool}' (for storage${storages.length > 1 ? 's' : ''} ${storages.join(', ')})`);
    bySetup = true;
  }
  for (const s of p.storages) {
    const problem = storageProblem(h, s, pveNode);
    if (!problem) continue;
    items.push(problem);
    if (s.inSetup) bySetup = true; else byHand.push(`storage '${s.storage}'`);
  }
  // a bridge neither sysfs nor the API could answer for (no pvesh) is not judged
  for (const b of p.bridges) {
    if (h.bridges?.[b.bridge] !== false) continue;
    items.push(`bridge '${b.bridge}' (${who(b.usedBy)})`);
    byHand.push(`bridge '${b.bridge}'`);
  }
  return { items, bySetup, byHand };
}

export const hostPrerequisites: TaskDef<HostPrerequisitesParams, 'host.prerequisites'> = {
  name: 'host.prerequisites',
  schema: obj({
    storages: arr(obj({ storage: storageIdSchema, content: arr(str({ pattern: '^[a-z]+$' })), usedBy: ids, pool: str({ pattern: '^[A-Za-z][A-Za-z0-9_.:-]*$' }), inSetup: bool() }, ['storage', 'content', 'usedBy', 'inSetup'])),
    bridges: arr(obj({ bridge: bridgeName, usedBy: ids })),
  }),
  mutates: false,
  reconfigure: false,
  owned: false,
  reread: 'none',
  guests: () => [],
  // storage.cfg, the pools (only for storages the hypervisor config puts on one) and the bridges: files and sysfs on a
  // node that has them all; a Proxmox tool call only for what is not found that way (gather-host.ts)
  hostQuery: (p) => ({ storageConfig: true, zfs: p.storages.some((s) => s.pool !== undefined && s.inSetup), bridges: p.bridges.map((b) => b.bridge) }),
  title: (p) => `what the guests need on the node: ${[p.storages.length ? `${p.storages.length} storage${p.storages.length > 1 ? 's' : ''}` : '', p.bridges.length ? `${p.bridges.length} bridge${p.bridges.length > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ') || 'nothing'}`,
  plan(facts, p) {
    const h = hostOf(facts);
    const { items, bySetup, byHand } = missing(h, p, facts.pveNode);
    if (!items.length) return noop(`present: ${[...p.storages.map((s) => s.storage), ...p.bridges.map((b) => b.bridge)].join(', ') || 'nothing needed'}`);
    const how = [
      ...(bySetup ? [`\`phoenix setup --limit ${facts.node}\` creates the pools and storages the hypervisor config defines; run it first`] : []),
      ...(byHand.length ? [`not Phoenix's to create: ${byHand.join(', ')} (add ${byHand.length > 1 ? 'them' : 'it'} on the node, or correct the configuration)`] : []),
    ];
    throw new Error(`${facts.node} lacks what the guests need: ${items.join('; ')}. ${how.join('; ')}`);
  },
};
