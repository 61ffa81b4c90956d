// The params of the VM tasks and their argv pieces: owned here, by the tasks; the compiler fills them in
// (compile/vm-params.ts). Patterns follow config/schemas/vm-configs.schema.json, so every valid config plans.
import type { NfsVolume } from '../../inventory/config-types.js';
import { absPath, arr, bool, constant, int, obj, storageIdSchema, str, vmidSchema, type ParamSchema } from '../schema.js';

export interface VmSettings {
  vmid: string;
  cores: number;
  memory: number;
  onboot: boolean;
  startup?: string;
  ipconfig0?: string;
  nameserver?: string;
  searchdomain?: string;
  /** Cloud-init is present (template built from an image, or its clones). */
  cloudinit: boolean;
}

export interface VmCreateParams extends VmSettings {
  name: string;
  storage: string;
  bridge: string;
  diskGb: number;
  ciuser?: string;
  /** `node`: where the source lives, when not on this guest's node (then the clone runs there with --target). */
  clone?: { from: string; node?: string; target?: string };
  /** Cloud image: its file name in the node's image directory, and where to download it from when absent. */
  image?: { file: string; url: string };
  isTemplate: boolean;
  /** --recreate: a Phoenix-owned VM that cannot be converged in place is destroyed and created again. */
  recreate?: boolean;
  /** reconfigure --recreate: the VM must exist already (it may be re-created, never created). */
  mustExist?: boolean;
}

export interface VolumesParams { vmid: string; volumes: NfsVolume[] }

/** `ipconfig0` property string (PVE qemu-server `$confdesc_cloudinit` ipconfigN: ip=CIDR|dhcp,gw=IP). */
export function ipconfigOf(ip: string | undefined, gw: string | undefined): string | undefined {
  if (!ip) return undefined;
  if (ip === 'dhcp') return 'ip=dhcp';
  return gw ? `ip=${ip},gw=${gw}` : `ip=${ip}`;
}

const nodeName = str({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });
// a property string of key=value pairs: no separators or control characters inside a value
const propString = str({ pattern: '^[a-z0-9]+=[^,=\\s\\x00-\\x1f]+(,[a-z0-9]+=[^,=\\s\\x00-\\x1f]+)*$' });

const settingsProps: Record<string, ParamSchema> = {
  vmid: vmidSchema,
  cores: int({ minimum: 1, maximum: 8192 }),
  memory: int({ minimum: 16 }),
  onboot: bool(),
  startup: str({ pattern: '^(order=\\d+|up=\\d+|down=\\d+)(,(order=\\d+|up=\\d+|down=\\d+))*$' }),
  ipconfig0: propString,
  nameserver: str({ pattern: '^[0-9A-Fa-f.:]+([ ,]+[0-9A-Fa-f.:]+)*$' }),
  searchdomain: str({ pattern: '^[A-Za-z0-9.-]+$' }),
  cloudinit: bool(),
};
const settingsRequired = ['vmid', 'cores', 'memory', 'onboot', 'cloudinit'];

export const vmSettingsSchema = (extra: Record<string, ParamSchema> = {}, required: string[] = []): ParamSchema =>
  obj({ ...settingsProps, ...extra }, [...settingsRequired, ...required]);

export const vmCreateSchema = vmSettingsSchema({
  // PVE `dns-name` (qemu-server `name`); the config's hostname pattern
  name: str({ maxLength: 63, pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$' }),
  storage: storageIdSchema,
  bridge: str({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,14}$' }),
  diskGb: int({ minimum: 1 }),
  ciuser: str({ pattern: '^[a-z_][a-z0-9_-]*$' }),
  clone: obj({ from: vmidSchema, node: nodeName, target: nodeName }, ['from']),
  // the file name ends up in a path that is a positional argument of the download script: no '/', no leading '-'
  image: obj({ file: str({ pattern: '^[A-Za-z0-9_.][A-Za-z0-9_.+-]*$' }), url: str({ pattern: '^https?://[^\\s\\x00-\\x1f]+$' }) }),
  isTemplate: bool(),
  recreate: bool(),
  mustExist: bool(),
}, ['name', 'storage', 'bridge', 'diskGb', 'isTemplate']);

// an /etc/fstab field: absolute, no whitespace or backslash, no `.`/`..` segment (config/schemas/vm-configs.schema.json `fstabPath`)
const fstabPath = absPath('\\s\\\\');

export const volumesSchema = obj({
  vmid: vmidSchema,
  volumes: arr(obj({
    type: constant('nfs'),
    name: str(),
    path: fstabPath,
    mount_point: fstabPath,
    server: str({ pattern: '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\\[[0-9A-Fa-f:]+\\]$' }),
  })),
});
