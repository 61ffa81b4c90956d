// The params of the CT tasks and their argv pieces: owned here, by the tasks; the compiler fills them in.
import { bool, int, nodeNameSchema, obj, snapshotNameSchema, storageIdSchema, str, templateRefSchema, vmidSchema, type ParamSchema } from '../schema.js';

export interface LxcNet { name: string; bridge: string; ip: string; gw?: string; hwaddr?: string; firewall?: boolean }

export interface LxcSettings {
  vmid: string;
  memory: number;
  cores: number;
  swap?: number;
  onboot: boolean;
  startup?: string;
  net0: LxcNet;
  nameserver?: string;
  features?: string;
  /** Set at creation (`--hostname`) and kept (`pct set --hostname`). */
  hostname?: string;
  /**
   * The OS type PVE detects from the template at creation (pve-container src/PVE/LXC/Setup.pm:111 `new`), when the
   * template's name says it (./identity.ts templateTraits); kept with `pct set --ostype`.
   */
  ostype?: string;
}

export interface LxcCreateParams extends LxcSettings {
  hostname: string;
  storage: string;
  rootfsGb: number;
  unprivileged: boolean;
  /** OS template: a volid (`local:vztmpl/x.tar.zst`) or an absolute path on the node. */
  template?: string;
  /** `node`: where the source lives, when not on this guest's node (then the clone runs there with --target). */
  clone?: { from: string; snapname: string; node?: string; target?: string };
  /** The architecture the template's name says (./identity.ts): fixed when the CT is created. */
  arch?: string;
  /** --recreate: a Phoenix-owned CT that cannot be converged in place is destroyed and created again. */
  recreate?: boolean;
  /** reconfigure --recreate: the CT must exist already (it may be re-created, never created). */
  mustExist?: boolean;
}

/** `startup` property string (PVE `pve-startup-order`: order=N,up=N,down=N). */
export function startupOf(order: number | undefined, delay: number | undefined): string | undefined {
  if (order === undefined && delay === undefined) return undefined;
  const parts: string[] = [];
  if (order !== undefined) parts.push(`order=${order}`);
  if (delay !== undefined) parts.push(`up=${delay}`, `down=${delay}`);
  return parts.join(',');
}

/** `name=eth0,bridge=vmbr0,...` in the order PVE prints it (name first, then sorted keys). */
export function net0String(n: LxcNet): string {
  const kv: [string, string][] = [['bridge', n.bridge]];
  if (n.firewall) kv.push(['firewall', '1']);
  if (n.gw) kv.push(['gw', n.gw]);
  if (n.hwaddr) kv.push(['hwaddr', n.hwaddr]);
  kv.push(['ip', n.ip], ['type', 'veth']);
  return [`name=${n.name}`, ...kv.map(([k, v]) => `${k}=${v}`)].join(',');
}

// Values that end up inside a property string must not carry its separators (`,` `=`) or control characters.
const propValue = (extra: ParamSchema = {}): ParamSchema => str({ pattern: '^[^,=\\s\\x00-\\x1f]+$', ...extra });

const netSchema = obj(
  { name: str({ pattern: '^[A-Za-z0-9_.-]{1,15}$' }), bridge: propValue(), ip: propValue(), gw: propValue(), hwaddr: str({ pattern: '^[0-9A-F]{2}(:[0-9A-F]{2}){5}$' }), firewall: bool() },
  ['name', 'bridge', 'ip'],
);

const settingsProps: Record<string, ParamSchema> = {
  vmid: vmidSchema,
  memory: int({ minimum: 16 }),
  cores: int({ minimum: 1, maximum: 8192 }),
  swap: int({ minimum: 0 }),
  onboot: bool(),
  startup: str({ pattern: '^(order=\\d+|up=\\d+|down=\\d+)(,(order=\\d+|up=\\d+|down=\\d+))*$' }),
  net0: netSchema,
  nameserver: str({ pattern: '^[0-9A-Fa-f:. ]+$' }),
  features: str({ pattern: '^[a-z_]+=[^,\\s]+(,[a-z_]+=[^,\\s]+)*$' }),
  hostname: str({ pattern: '^[A-Za-z0-9]([A-Za-z0-9.-]{0,61}[A-Za-z0-9])?$' }),
  // pve-container src/PVE/LXC/Config.pm `ostype` enum
  ostype: str({ enum: ['debian', 'devuan', 'ubuntu', 'centos', 'fedora', 'opensuse', 'archlinux', 'alpine', 'gentoo', 'nixos', 'unmanaged'] }),
};
const settingsRequired = ['vmid', 'memory', 'cores', 'onboot', 'net0'];

export const lxcSettingsSchema = (extra: Record<string, ParamSchema> = {}, required: string[] = []): ParamSchema =>
  obj({ ...settingsProps, ...extra }, [...settingsRequired, ...required]);

export const lxcCreateSchema = lxcSettingsSchema({
  hostname: str({ pattern: '^[A-Za-z0-9]([A-Za-z0-9.-]{0,61}[A-Za-z0-9])?$' }),
  storage: storageIdSchema,
  rootfsGb: int({ minimum: 1 }),
  unprivileged: bool(),
  // a positional argument of `pct create`: a volume id or an absolute path (schema.ts TEMPLATE_REF), never an option
  template: templateRefSchema,
  clone: obj({ from: vmidSchema, snapname: snapshotNameSchema, node: nodeNameSchema, target: nodeNameSchema }, ['from', 'snapname']),
  // pve-container src/PVE/LXC/Config.pm `arch` enum
  arch: str({ enum: ['amd64', 'i386', 'arm64', 'armhf', 'riscv32', 'riscv64'] }),
  recreate: bool(),
  mustExist: bool(),
}, ['hostname', 'storage', 'rootfsGb', 'unprivileged']);

