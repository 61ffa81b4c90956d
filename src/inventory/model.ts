// The validated model every later room works from. Built by load-model.ts; pure data.
import type { ScriptFile } from './script-files.js';
import type { HypervisorConfig, LxcConfig, LxcFile, ScriptTimeouts, VmConfig, VmDefaults, VmFile } from './config-types.js';

export type ConnectionKind = 'local' | 'ssh';

export interface NodeSpec {
  /** Inventory name; also the Proxmox node name unless `pveNode` says otherwise. */
  name: string;
  connection: ConnectionKind;
  host?: string;
  port?: number;
  user?: string;
  identityFile?: string;
  knownHostsFile?: string;
  /** local only: directories put first on PATH for every command on the node (absolute once resolved). */
  path?: string[];
  /** local only: extra environment of every command on the node (values as written). */
  env?: Record<string, string>;
  /** Root of pmxcfs on the node; default /etc/pve. */
  pveRoot: string;
  /** Where cloud images live on the node; default /var/lib/vz/template/iso. */
  imageDir: string;
  /** Node name as Proxmox reports it (pvesh /cluster/resources `node`); default = name. */
  pveNode: string;
  /** Prefix of the host FILE paths Phoenix reads and writes (exports, smb.conf, accounts, bind-mount dirs); default `/`. */
  hostRoot: string;
  /** Storages shared between nodes (clones across nodes allowed from them). */
  sharedStorages: string[];
  /** The node-side run lock (runner/node-lock.ts); default /run/lock/phoenix-<pveNode>.lock. */
  lockFile?: string;
}

export interface Inventory { defaultNode: string; nodes: Record<string, NodeSpec> }

export type GuestKind = 'lxc' | 'vm';

interface GuestCommon {
  /** CTID / VMID as a string. */
  id: string;
  name: string;
  node: string;
  /** Clone source id (clone_from_ctid / clone_from_vmid as string). */
  cloneFrom?: string;
  dependencies: string[];
  bootOrder?: number;
  bootDelay?: number;
  startAtBoot: boolean;
  features: string[];
  /** A PVE template (VM is_template): never started. */
  isTemplate: boolean;
  templateSnapshot?: string;
  /** Bounds of its in-guest scripts: the file's `script_timeouts`, then its own (config-types.ts ScriptTimeouts). */
  scriptTimeouts?: ScriptTimeouts;
}
export interface LxcGuest extends GuestCommon { kind: 'lxc'; config: LxcConfig }
export interface VmGuest extends GuestCommon { kind: 'vm'; config: VmConfig; defaults: VmDefaults }
export type Guest = LxcGuest | VmGuest;

export interface ConfigFiles { hypervisor: string; lxc: string; vm: string }

export interface Model {
  /** Absolute path of the phoenix config file (or '' when built in memory). */
  configFile: string;
  /** Absolute paths of the three JSON files. */
  files: ConfigFiles;
  /** Absolute path of the scripts directory (features/, apps/, health/, tests/). */
  scriptsDir: string;
  hypervisor: HypervisorConfig;
  lxcFile: LxcFile;
  vmFile: VmFile;
  /** Every guest of both files, by id. */
  guests: ReadonlyMap<string, Guest>;
  inventory: Inventory;
  /** sha256 over the config, the three files and the inventory: a playbook records it. */
  hash: string;
  /** Script files under scriptsDir that guests use, by path relative to scriptsDir (`features/x.sh`). */
  scriptFiles?: Record<string, ScriptFile>;
  /** Scheduler limits from the phoenix config's `limits` key (runner defaults for what is absent). */
  limits?: Partial<Record<'perNode' | 'perStorage' | 'perCloneSource' | 'perGuest' | 'total', number>>;
  /** Non-fatal findings (e.g. plaintext secrets), one line each. */
  warnings: string[];
}
