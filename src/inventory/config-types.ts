// The three JSON files in the original project's format (see ../shared/reference/original-bash-behaviour.md §4).
// Every field is listed; the README says which ones drive tasks and which are ignored and why.

export interface FirewallRule {
  type: 'in' | 'out' | 'group';
  action: string;            // ACCEPT | DROP | REJECT | group name
  proto?: string;
  port?: string;             // dport
  sport?: string;
  source?: string;
  dest?: string;
  iface?: string;
  comment?: string;
  enable?: boolean;
}
export interface GuestFirewall { enabled: boolean; rules?: FirewallRule[] }

export interface LxcNetworkConfig { name: string; bridge: string; ip: string; gw?: string; nameservers?: string }
export interface ZfsVolume { name: string; pool: string; size_gb: number; mount_point: string }
export interface MountPoint { host_path: string; container_path: string; owner_uid?: number; owner_gid?: number; read_only?: boolean }
export interface IdMap { type: 'uid' | 'gid' | 'u' | 'g'; container_id: number; host_id: number; size: number }
export interface HealthCheck { command: string | string[]; retries?: number; interval?: number }
export interface TestCase { name: string; type?: string; path: string }
/**
 * Bounds of the scripts Phoenix runs in a guest, in seconds, by kind (one attempt of the application script or the
 * health check): at the top of phoenix_lxc_configs.json / phoenix_vm_configs.json for all guests, and per guest.
 * Defaults: src/tasks/bounded-exec.ts DEFAULT_TIMEOUT_S (features and application 30 min, health and tests 5 min).
 */
export interface ScriptTimeouts { features?: number; application_script?: number; health_check?: number; tests?: number }

export interface LxcConfig {
  name: string;
  memory_mb: number;
  cores: number;
  swap_mb?: number;
  template?: string;
  storage_pool: string;
  storage_size_gb: number;
  network_config: LxcNetworkConfig;
  mac_address?: string;
  start_at_boot?: boolean;
  boot_order?: number;
  boot_delay?: number;
  unprivileged?: boolean;
  clone_from_ctid?: string;
  template_snapshot_name?: string;
  is_template?: boolean;
  features?: string[];
  dependencies?: string[];
  gpu_assignment?: string;
  portainer_role?: string;
  pct_options?: string[];
  lxc_options?: string[];
  apparmor_profile?: string;
  apparmor_manages_nesting?: boolean;
  enable_lifecycle_snapshots?: boolean;
  firewall?: GuestFirewall;
  mount_points?: MountPoint[];
  zfs_volumes?: ZfsVolume[];
  id_maps?: IdMap[];
  application_script?: string;
  bootstrap_ca_url?: string;
  vllm_engine_config?: Record<string, unknown>;
  traefik_service?: { name: string; port: number };
  ports?: string[];
  health_check?: HealthCheck;
  tests?: Record<string, TestCase[]>;
  trigger_sync_on_completion?: boolean;
  script_timeouts?: ScriptTimeouts;
  node?: string;
  [other: string]: unknown;
}

export interface LxcFile {
  $schema?: string;
  nvidia_driver_version?: string;
  nvidia_repo_url?: string;
  nvidia_runfile_url?: string;
  lxc_configs: Record<string, LxcConfig>;
  script_timeouts?: ScriptTimeouts;
  [other: string]: unknown;
}

export interface VmNetworkConfig { ip?: string; gw?: string; nameserver?: string; searchdomain?: string }
export interface NfsVolume { type: 'nfs'; name: string; path: string; mount_point: string; server: string }

export interface VmDefaults {
  template?: string;
  cores: number;
  memory_mb: number;
  disk_size_gb: number;
  storage_pool: string;
  network_bridge: string;
  [other: string]: unknown;
}

export interface VmConfig {
  vmid: number;
  name: string;
  is_template?: boolean;
  template_image?: string;
  template?: string;
  template_snapshot_name?: string;
  snapshots?: Record<string, string>;
  clone_from_vmid?: number;
  cores?: number;
  memory_mb?: number;
  disk_size_gb?: number;
  storage_pool?: string;
  network_bridge?: string;
  start_at_boot?: boolean;
  boot_order?: number;
  boot_delay?: number;
  features?: string[];
  dependencies?: string[];
  network_config?: VmNetworkConfig;
  user_config?: { username: string; [other: string]: unknown };
  volumes?: NfsVolume[];
  docker_stacks?: unknown[];
  firewall?: GuestFirewall;
  health_check?: HealthCheck;
  tests?: Record<string, TestCase[]>;
  script_timeouts?: ScriptTimeouts;
  node?: string;
  [other: string]: unknown;
}

export interface VmFile { vm_defaults: VmDefaults; vms: VmConfig[]; script_timeouts?: ScriptTimeouts; [other: string]: unknown }

/** The hypervisor file is large and loosely structured; setup tasks read the parts they need. */
export type HypervisorConfig = Record<string, unknown>;
