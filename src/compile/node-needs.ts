// PURE: what the guests a plan builds need from their nodes, as host steps the guest chains wait for (issue 11
// point 9): per node one `host.prerequisites` check (storages, the ZFS pools the configured ones sit on, bridges),
// and one `lxc.ostemplate` per OS template the node's CTs are created from (downloaded when missing).
import type { Guest, Model } from '../inventory/model.js';
import { datasets, storageParams } from '../tasks/host/desired-zfs.js';
import { hostRootOf } from '../tasks/host/host-root.js';
import type { BridgeNeed, StorageNeed } from '../tasks/host/prerequisites.js';
import { splitTemplateVolid } from '../tasks/lxc/ostemplate.js';
import type { Step } from './plan.js';

/** Storages the hypervisor config defines (`phoenix setup` creates them): their pool and, for dir storages, their path. */
function configuredStorages(model: Model): Map<string, { pool: string; path?: string; content: string[] }> {
  const out = new Map<string, { pool: string; path?: string; content: string[] }>();
  for (const d of datasets(model.hypervisor)) {
    const s = storageParams(model.hypervisor, d, []);
    if (s) out.set(s.storage, { pool: d.pool, content: s.content, ...(s.type === 'dir' && s.settings.path !== undefined ? { path: s.settings.path } : {}) });
  }
  return out;
}

/** The storage `pveam download` puts a template in: the volid's, or the configured vztmpl storage holding the path. */
function templateStorage(template: string, configured: ReturnType<typeof configuredStorages>): string | undefined {
  if (!template.startsWith('/')) return splitTemplateVolid(template)?.storage;
  const dir = template.slice(0, template.lastIndexOf('/'));
  for (const [id, s] of configured) if (s.path !== undefined && `${s.path.replace(/\/+$/, '')}/template/cache` === dir && s.content.includes('vztmpl')) return id;
  return undefined;
}

/** The OS template a guest is created from (a CT that is not a clone), or undefined. */
const osTemplateOf = (g: Guest): string | undefined => (g.kind === 'lxc' && !g.cloneFrom ? g.config.template : undefined);

interface Needs { storages: Map<string, { content: Set<string>; usedBy: Set<string> }>; bridges: Map<string, Set<string>>; templates: Map<string, Set<string>> }

function add<K>(map: Map<K, Set<string>>, key: K, id: string): void {
  const l = map.get(key);
  if (l) l.add(id);
  else map.set(key, new Set([id]));
}

function needsOf(g: Guest, n: Needs, configured: ReturnType<typeof configuredStorages>): void {
  const storage = (id: string, content: string): void => {
    const s = n.storages.get(id) ?? { content: new Set<string>(), usedBy: new Set<string>() };
    s.content.add(content);
    s.usedBy.add(g.id);
    n.storages.set(id, s);
  };
  if (g.kind === 'lxc') {
    const c = g.config;
    // rootfs and volumes: pct create/clone --storage, mpN volumes (pve-container src/PVE/API2/LXC.pm `create_vm`)
    storage(c.storage_pool, 'rootdir');
    for (const v of c.zfs_volumes ?? []) storage(v.pool, 'rootdir');
    // net0 is set on every CT (lxc.config); its bridge must exist when it starts (pve-common src/PVE/Network.pm
    // `read_bridge_mtu`: "bridge '...' does not exist")
    add(n.bridges, c.network_config.bridge, g.id);
    const tpl = osTemplateOf(g);
    if (tpl !== undefined) {
      add(n.templates, tpl, g.id);
      const st = templateStorage(tpl, configured);
      if (st !== undefined) storage(st, 'vztmpl');
    }
    return;
  }
  // a VM clone keeps its source's disks and NIC (qm clone --full, no --storage); a new one imports onto its storage
  if (g.cloneFrom || !g.config.template_image) return;
  storage(g.config.storage_pool ?? g.defaults.storage_pool, 'images');
  add(n.bridges, g.config.network_bridge ?? g.defaults.network_bridge, g.id);
}

const TEMPLATE_FILE = /^[A-Za-z0-9][A-Za-z0-9_.+-]*\.tar\.(?:gz|xz|zst|bz2)$/;
const VZTMPL_VOLID = /^[A-Za-z][A-Za-z0-9_.-]*:vztmpl\/[^/]+$/;

export interface NodeNeeds {
  steps: Step[];
  /** The host steps a guest's first step waits for. */
  before(g: Guest): string[];
}

/** The node checks and template steps for the guests a plan builds (none when no guest is built). */
export function nodeNeeds(model: Model, guests: readonly Guest[]): NodeNeeds {
  const configured = configuredStorages(model);
  const byNode = new Map<string, Needs>();
  for (const g of guests) {
    const n = byNode.get(g.node) ?? { storages: new Map(), bridges: new Map(), templates: new Map() };
    needsOf(g, n, configured);
    byNode.set(g.node, n);
  }
  const steps: Step[] = [];
  const checkOf = new Map<string, string>();
  const templateStep = new Map<string, string>();
  for (const [node, n] of [...byNode].sort(([a], [b]) => a.localeCompare(b))) {
    const storages: StorageNeed[] = [...n.storages].map(([storage, s]) => {
      const c = configured.get(storage);
      return { storage, content: [...s.content].sort(), usedBy: [...s.usedBy], ...(c ? { pool: c.pool } : {}), inSetup: c !== undefined };
    });
    const bridges: BridgeNeed[] = [...n.bridges].map(([bridge, usedBy]) => ({ bridge, usedBy: [...usedBy] }));
    const check = `${node}:host.prerequisites`;
    steps.push({ id: check, node, task: 'host.prerequisites', params: { storages, bridges }, after: [] });
    checkOf.set(node, check);
    const spec = model.inventory.nodes[node];
    const root = spec ? hostRootOf(spec) : '/';
    const used = new Set<string>();
    for (const [template, usedBy] of n.templates) {
      const file = template.split('/').pop() ?? template;
      // Only a template pveam could fetch: a `<storage>:vztmpl/<file>` volume id or a path, whose file is named like
      // an appliance index entry (pve-storage src/PVE/Storage/Plugin.pm parse_volname: `vztmpl/([^/]+$VZTMPL_EXT_RE_1)`,
      // .tar.gz|xz|zst|bz2). Anything else goes to `pct create` as it is, which refuses it with PVE's own error.
      if (!TEMPLATE_FILE.test(file) || (!template.startsWith('/') && !VZTMPL_VOLID.test(template))) continue;
      const storage = templateStorage(template, configured);
      const id = `${node}:lxc.ostemplate:${used.has(file) ? template : file}`;
      used.add(file);
      steps.push({ id, node, task: 'lxc.ostemplate', params: { template, file, ...(storage !== undefined ? { storage } : {}), ...(template.startsWith('/') ? { root } : {}), usedBy: [...usedBy] }, after: [check] });
      templateStep.set(`${node}\0${template}`, id);
    }
  }
  return {
    steps,
    before: (g) => {
      const check = checkOf.get(g.node);
      const tpl = osTemplateOf(g);
      const t = tpl !== undefined ? templateStep.get(`${g.node}\0${tpl}`) : undefined;
      return [...(check ? [check] : []), ...(t ? [t] : [])];
    },
  };
}
