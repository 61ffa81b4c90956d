// In-memory models for unit tests of the pure rooms (compile, tasks): no files, no host.
import type { LxcConfig, VmConfig, VmDefaults } from '../../src/inventory/config-types.js';
import type { Guest, Model, NodeSpec } from '../../src/inventory/model.js';

export const VM_DEFAULTS: VmDefaults = { cores: 2, memory_mb: 2048, disk_size_gb: 16, storage_pool: 'local-lvm', network_bridge: 'vmbr0' };

export function lxc(id: string, extra: Partial<LxcConfig> = {}): LxcConfig {
  return {
    name: `ct${id}`, memory_mb: 1024, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 8,
    network_config: { name: 'eth0', bridge: 'vmbr0', ip: `10.0.0.${Number(id) % 250}/24`, gw: '10.0.0.1' },
    template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', ...extra,
  };
}

export function vm(vmid: number, extra: Partial<VmConfig> = {}): VmConfig {
  return { vmid, name: `vm${vmid}`, ...extra };
}

export function node(name: string, extra: Partial<NodeSpec> = {}): NodeSpec {
  return { name, connection: 'local', pveRoot: '/etc/pve', imageDir: '/var/lib/vz/template/iso', hostRoot: '/', pveNode: name, sharedStorages: [], ...extra };
}

export function makeModel(lxcs: Record<string, LxcConfig>, vms: VmConfig[] = [], nodes: NodeSpec[] = [node('pve')]): Model {
  const guests = new Map<string, Guest>();
  const common = (id: string, c: LxcConfig | VmConfig, cloneFrom: string | undefined) => ({
    id, name: c.name, node: c.node ?? nodes[0]!.name, dependencies: c.dependencies ?? [], startAtBoot: c.start_at_boot === true,
    features: c.features ?? [], isTemplate: c.is_template === true,
    ...(cloneFrom ? { cloneFrom } : {}),
    ...(c.boot_order !== undefined ? { bootOrder: c.boot_order } : {}),
    ...(c.boot_delay !== undefined ? { bootDelay: c.boot_delay } : {}),
    ...(c.template_snapshot_name ? { templateSnapshot: c.template_snapshot_name } : {}),
  });
  for (const [id, c] of Object.entries(lxcs)) guests.set(id, { ...common(id, c, c.clone_from_ctid), kind: 'lxc', config: c });
  for (const c of vms) {
    const id = String(c.vmid);
    guests.set(id, { ...common(id, c, c.clone_from_vmid !== undefined ? String(c.clone_from_vmid) : undefined), kind: 'vm', config: c, defaults: VM_DEFAULTS });
  }
  return {
    configFile: '', files: { hypervisor: 'h.json', lxc: 'l.json', vm: 'v.json' }, scriptsDir: '/nonexistent',
    hypervisor: {}, lxcFile: { lxc_configs: lxcs }, vmFile: { vm_defaults: VM_DEFAULTS, vms },
    guests, inventory: { defaultNode: nodes[0]!.name, nodes: Object.fromEntries(nodes.map((n) => [n.name, n])) },
    hash: '0'.repeat(64), warnings: [],
  };
}

/** The seed's example estate: 900 base (snapshot), 950 clone of 900, 953 with lower boot order, VM 1000. */
export function seedModel(): Model {
  return makeModel({
    '900': lxc('900', { template_snapshot_name: 'final-form', boot_order: 0 }),
    '950': lxc('950', { clone_from_ctid: '900', boot_order: 3 }),
    '953': lxc('953', { clone_from_ctid: '900', boot_order: 1 }),
  }, [vm(1000, { boot_order: 2, clone_from_vmid: 9000 }), vm(9000, { is_template: true, template_image: 'noble.img' })]);
}
