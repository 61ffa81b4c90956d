// What `phoenix init` writes: a project that validates, plans and converges at once on the built-in simulator
// (@phoenix/pve-sim, found as Node finds a package: from the project, then from Phoenix's installation). Pure:
// file path -> content; `schemas` is the relative path from the project to the schemas the package ships.

export const SIM_NODE = 'sim';

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

const CONFIG = (schemas: string): string => `# yaml-language-server: $schema=${schemas}/phoenix-config.schema.json
# A Phoenix project made by \`phoenix init\`: one simulated Proxmox VE node ('${SIM_NODE}', Phoenix's built-in simulator,
# its state under ./.phoenix/sim/${SIM_NODE}), a container template (900) and a clone of it (901). Try:
#   phoenix validate          load and check every file; contacts no node
#   phoenix plan LetsGo       the steps a converge takes
#   phoenix run LetsGo        converge (a second run changes nothing)
#   phoenix graph             the estate in Mermaid
# For a real node, replace the node below, e.g.  pve: { connection: ssh, host: 10.0.0.2, user: root }
configs:
  hypervisor: ./phoenix_hypervisor_config.json
  lxc: ./phoenix_lxc_configs.json
  vm: ./phoenix_vm_configs.json
scripts: ./scripts
inventory:
  defaultNode: ${SIM_NODE}
  nodes:
    ${SIM_NODE}:
      connection: local
      path: [package:@phoenix/pve-sim/bin]
      env:
        PVE_SIM_DIR: ./.phoenix/sim/${SIM_NODE}
        PVE_SIM_NODE: ${SIM_NODE}
      pveRoot: ./.phoenix/sim/${SIM_NODE}/etc/pve
      hostRoot: ./.phoenix/sim/${SIM_NODE}/host
      lockFile: ./.phoenix/sim/${SIM_NODE}/node.lock
`;

const network = (ip: string): Record<string, string> => ({ name: 'eth0', bridge: 'vmbr0', ip, gw: '10.0.0.1', nameservers: '10.0.0.1' });

const LXC = (schemas: string): string => json({
  $schema: `${schemas}/lxc-configs.schema.json`,
  lxc_configs: {
    '900': {
      name: 'base', start_at_boot: false, boot_order: 0, memory_mb: 512, cores: 1,
      template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', storage_pool: 'local-lvm', storage_size_gb: 4,
      network_config: network('10.0.0.200/24'), unprivileged: true, features: ['hello'], template_snapshot_name: 'golden',
    },
    '901': {
      name: 'web', clone_from_ctid: '900', start_at_boot: true, boot_order: 1, memory_mb: 512, cores: 1,
      storage_pool: 'local-lvm', storage_size_gb: 4, network_config: network('10.0.0.201/24'), unprivileged: true, features: ['hello'],
    },
  },
});

const VM = (schemas: string): string => json({
  $schema: `${schemas}/vm-configs.schema.json`,
  vm_defaults: { cores: 2, memory_mb: 2048, disk_size_gb: 16, storage_pool: 'local-lvm', network_bridge: 'vmbr0' },
  vms: [],
});

const HYPERVISOR = (schemas: string): string => json({
  $schema: `${schemas}/hypervisor-config.schema.json`,
  version: '1.0.0', domain_name: 'sim.internal', timezone: 'UTC',
});

const HELLO = `#!/bin/sh
# A feature: Phoenix pushes this script into the guest and runs it there as root. What was applied (name + hash) is
# recorded in the guest's own Proxmox config, so it runs once, and again only when this file changes.
set -eu
mkdir -p /etc/phoenix
echo "hello from Phoenix" > /etc/phoenix/hello.txt
`;

export interface ScaffoldFile { path: string; text: string; mode?: number; what: string }

export function scaffold(schemas: string): ScaffoldFile[] {
  return [
    { path: 'phoenix.config.yaml', text: CONFIG(schemas), what: `the config: one simulated node '${SIM_NODE}' (state in .phoenix/sim/${SIM_NODE})` },
    { path: 'phoenix_lxc_configs.json', text: LXC(schemas), what: 'CT 900, a template (snapshot golden), and CT 901 cloned from it' },
    { path: 'phoenix_vm_configs.json', text: VM(schemas), what: 'VMs (none yet; vm_defaults for the first one)' },
    { path: 'phoenix_hypervisor_config.json', text: HYPERVISOR(schemas), what: 'the hypervisor (what `phoenix setup` converges)' },
    { path: 'scripts/features/hello.sh', text: HELLO, mode: 0o755, what: 'a feature both containers get' },
    { path: '.gitignore', text: '.phoenix/\n', what: 'keeps run journals and the simulator state out of git' },
  ];
}
