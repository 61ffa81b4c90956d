// The CLI-to-API mapping: `$cmddef` of pve-container src/PVE/CLI/pct.pm, qemu-server src/PVE/CLI/qm.pm and
// pve-storage src/PVE/CLI/pvesm.pm. Each command names an API method (path + HTTP method + the Perl method name,
// which test/api-cmddef.test.ts checks against the schema), its positional parameters (`$arg_param`) and the
// fixed ones (`{ node => $nodename }`). Commands the CLI module implements itself (`__PACKAGE__`) carry their
// parameters here, transcribed from the module; `local: 'unchecked'` marks those not transcribed.
import type { HttpMethod, Prop } from './types.js';

export interface ApiCommand {
  path: string;
  method: HttpMethod;
  name: string;
  args: readonly string[];
  /** `{ node => $nodename }`. */
  node?: true;
  /** Parameters that `param_mapping` turns from a file name into the file's content (not checkable here). */
  fileParams?: readonly string[];
  /** Parameters read interactively when given without a value (`pve-password` mappings). */
  interactive?: readonly string[];
}
export interface LocalCommand { local: Record<string, Prop> | 'unchecked'; args: readonly string[]; node?: true }
export type Command = ApiCommand | LocalCommand;
/** A command table level: commands, sub-tables (`qm guest`), aliases (`{ alias: 'disk resize' }`). */
export interface Table { [word: string]: Command | Table | { alias: string } }

const vmid: Prop = { type: 'integer', format: 'pve-vmid', minimum: 100, maximum: 999999999 };
const opt = (p: Prop): Prop => ({ ...p, optional: 1 });
const str: Prop = { type: 'string' };
const bool: Prop = { type: 'boolean', optional: 1 };
const extra: Prop = { type: 'array', items: { type: 'string' }, optional: 1 };

const L = '/nodes/{node}/lxc';
const LV = `${L}/{vmid}`;
const Q = '/nodes/{node}/qemu';
const QV = `${Q}/{vmid}`;
const api = (method: HttpMethod, path: string, name: string, args: string[], more: Partial<ApiCommand> = {}): ApiCommand =>
  ({ path, method, name, args, node: true, ...more });

const DRIVES = [...[0, 1, 2, 3].map((i) => `ide${i}`), ...Array.from({ length: 31 }, (_, i) => `scsi${i}`),
  ...Array.from({ length: 16 }, (_, i) => `virtio${i}`), ...Array.from({ length: 6 }, (_, i) => `sata${i}`), 'efidisk0', 'tpmstate0'];

export const PCT: Table = {
  list: api('GET', L, 'vmlist', []),
  config: api('GET', `${LV}/config`, 'vm_config', ['vmid']),
  pending: api('GET', `${LV}/pending`, 'vm_pending', ['vmid']),
  set: api('PUT', `${LV}/config`, 'update_vm', ['vmid']),
  resize: api('PUT', `${LV}/resize`, 'resize_vm', ['vmid', 'disk', 'size']),
  create: api('POST', L, 'create_vm', ['vmid', 'ostemplate'], { interactive: ['password'], fileParams: ['ssh-public-keys'] }),
  restore: api('POST', L, 'create_vm', ['vmid', 'ostemplate'], { interactive: ['password'], fileParams: ['ssh-public-keys'] }),
  destroy: api('DELETE', LV, 'destroy_vm', ['vmid']),
  start: api('POST', `${LV}/status/start`, 'vm_start', ['vmid']),
  suspend: api('POST', `${LV}/status/suspend`, 'vm_suspend', ['vmid']),
  resume: api('POST', `${LV}/status/resume`, 'vm_resume', ['vmid']),
  shutdown: api('POST', `${LV}/status/shutdown`, 'vm_shutdown', ['vmid']),
  stop: api('POST', `${LV}/status/stop`, 'vm_stop', ['vmid']),
  reboot: api('POST', `${LV}/status/reboot`, 'vm_reboot', ['vmid']),
  clone: api('POST', `${LV}/clone`, 'clone_vm', ['vmid', 'newid']),
  migrate: api('POST', `${LV}/migrate`, 'migrate_vm', ['vmid', 'target']),
  'move-volume': api('POST', `${LV}/move_volume`, 'move_volume', ['vmid', 'volume', 'storage', 'target-vmid', 'target-volume']),
  move_volume: { alias: 'move-volume' },
  'remote-migrate': { local: 'unchecked', args: ['vmid', 'target-vmid', 'target-endpoint'], node: true },
  snapshot: api('POST', `${LV}/snapshot`, 'snapshot', ['vmid', 'snapname']),
  delsnapshot: api('DELETE', `${LV}/snapshot/{snapname}`, 'delsnapshot', ['vmid', 'snapname']),
  listsnapshot: api('GET', `${LV}/snapshot`, 'list', ['vmid']),
  rollback: api('POST', `${LV}/snapshot/{snapname}/rollback`, 'rollback', ['vmid', 'snapname']),
  template: api('POST', `${LV}/template`, 'template', ['vmid']),
  // pct.pm register_method: status, unlock, exec, push, pull, enter
  status: { local: { vmid, verbose: bool }, args: ['vmid'] },
  unlock: { local: { vmid }, args: ['vmid'] },
  exec: { local: { vmid, 'keep-env': bool, 'extra-args': extra }, args: ['vmid', 'extra-args'] },
  push: { local: { vmid, file: str, destination: str, user: opt(str), group: opt(str), perms: opt(str) }, args: ['vmid', 'file', 'destination'] },
  pull: { local: { vmid, path: str, destination: str, user: opt(str), group: opt(str), perms: opt(str) }, args: ['vmid', 'path', 'destination'] },
  enter: { local: { vmid, 'keep-env': bool }, args: ['vmid'] },
  console: { local: 'unchecked', args: ['vmid'] },
  fsck: { local: 'unchecked', args: ['vmid'] },
  mount: { local: 'unchecked', args: ['vmid'] },
  unmount: { local: 'unchecked', args: ['vmid'] },
  df: { local: 'unchecked', args: ['vmid'] },
  rescan: { local: 'unchecked', args: [] },
  cpusets: { local: 'unchecked', args: [] },
  fstrim: { local: 'unchecked', args: ['vmid'] },
};

const qmFiles = { fileParams: ['sshkeys'], interactive: ['cipassword'] };

export const QM: Table = {
  list: api('GET', Q, 'vmlist', []),
  create: api('POST', Q, 'create_vm', ['vmid'], qmFiles),
  destroy: api('DELETE', QV, 'destroy_vm', ['vmid']),
  clone: api('POST', `${QV}/clone`, 'clone_vm', ['vmid', 'newid']),
  migrate: api('POST', `${QV}/migrate`, 'migrate_vm', ['vmid', 'target']),
  'remote-migrate': { local: 'unchecked', args: ['vmid', 'target-vmid', 'target-endpoint'], node: true },
  set: api('PUT', `${QV}/config`, 'update_vm', ['vmid'], qmFiles),
  config: api('GET', `${QV}/config`, 'vm_config', ['vmid']),
  pending: api('GET', `${QV}/pending`, 'vm_pending', ['vmid']),
  showcmd: { local: 'unchecked', args: ['vmid'] },
  // qm.pm register_method 'status'
  status: { local: { vmid, verbose: bool }, args: ['vmid'] },
  snapshot: api('POST', `${QV}/snapshot`, 'snapshot', ['vmid', 'snapname']),
  delsnapshot: api('DELETE', `${QV}/snapshot/{snapname}`, 'delsnapshot', ['vmid', 'snapname']),
  listsnapshot: api('GET', `${QV}/snapshot`, 'snapshot_list', ['vmid']),
  rollback: api('POST', `${QV}/snapshot/{snapname}/rollback`, 'rollback', ['vmid', 'snapname']),
  template: api('POST', `${QV}/template`, 'template', ['vmid']),
  start: api('POST', `${QV}/status/start`, 'vm_start', ['vmid']),
  stop: api('POST', `${QV}/status/stop`, 'vm_stop', ['vmid']),
  reset: api('POST', `${QV}/status/reset`, 'vm_reset', ['vmid']),
  shutdown: api('POST', `${QV}/status/shutdown`, 'vm_shutdown', ['vmid']),
  reboot: api('POST', `${QV}/status/reboot`, 'vm_reboot', ['vmid']),
  suspend: api('POST', `${QV}/status/suspend`, 'vm_suspend', ['vmid']),
  resume: api('POST', `${QV}/status/resume`, 'vm_resume', ['vmid']),
  sendkey: api('PUT', `${QV}/sendkey`, 'vm_sendkey', ['vmid', 'key']),
  vncproxy: { local: 'unchecked', args: ['vmid'] },
  // qm.pm register_method 'wait', 'unlock'
  wait: { local: { vmid, timeout: { type: 'integer', minimum: 1, optional: 1 } }, args: ['vmid'] },
  unlock: { local: { vmid }, args: ['vmid'] },
  importdisk: { alias: 'disk import' },
  'move-disk': { alias: 'disk move' },
  move_disk: { alias: 'disk move' },
  rescan: { alias: 'disk rescan' },
  resize: { alias: 'disk resize' },
  unlink: { alias: 'disk unlink' },
  disk: {
    // qm.pm register_method 'importdisk'
    import: {
      local: {
        vmid, source: str, storage: { type: 'string', format: 'pve-storage-id' },
        format: { type: 'string', enum: ['raw', 'qcow2', 'vmdk'], optional: 1 },
        'target-disk': { type: 'string', enum: [...DRIVES, ...Array.from({ length: 256 }, (_, i) => `unused${i}`)], optional: 1 },
      },
      args: ['vmid', 'source', 'storage'],
    },
    move: api('POST', `${QV}/move_disk`, 'move_vm_disk', ['vmid', 'disk', 'storage']),
    rescan: { local: 'unchecked', args: [] },
    resize: api('PUT', `${QV}/resize`, 'resize_vm', ['vmid', 'disk', 'size']),
    unlink: api('PUT', `${QV}/unlink`, 'unlink', ['vmid']),
  },
  'enroll-efi-keys': { local: 'unchecked', args: ['vmid'] },
  monitor: { local: 'unchecked', args: ['vmid'] },
  agent: { alias: 'guest cmd' },
  guest: {
    cmd: api('POST', `${QV}/agent`, 'agent', ['vmid', 'command']),
    passwd: api('POST', `${QV}/agent/set-user-password`, 'set-user-password', ['vmid', 'username'], { interactive: ['password'] }),
    // qm.pm register_method 'exec'
    exec: {
      local: {
        node: { type: 'string', format: 'pve-node' }, vmid, synchronous: bool,
        timeout: { type: 'integer', minimum: 0, optional: 1 }, 'pass-stdin': bool, 'extra-args': extra,
      },
      args: ['vmid', 'extra-args'],
      node: true,
    },
    'exec-status': api('GET', `${QV}/agent/exec-status`, 'exec-status', ['vmid', 'pid']),
  },
  mtunnel: { local: 'unchecked', args: [] },
  nbdstop: { local: 'unchecked', args: ['vmid'] },
  terminal: { local: 'unchecked', args: ['vmid'] },
  importovf: { local: 'unchecked', args: ['vmid', 'manifest', 'storage'] },
  cleanup: { local: 'unchecked', args: ['vmid', 'clean-shutdown', 'guest-requested'], node: true },
  cloudinit: {
    dump: api('GET', `${QV}/cloudinit/dump`, 'cloudinit_generated_config_dump', ['vmid', 'type']),
    pending: api('GET', `${QV}/cloudinit`, 'cloudinit_pending', ['vmid']),
    update: api('PUT', `${QV}/cloudinit`, 'cloudinit_update', ['vmid']),
  },
  import: { local: 'unchecked', args: ['vmid', 'source'] },
};

const scan = (what: string, args: string[]): ApiCommand => api('GET', `/nodes/{node}/scan/${what}`, `${what}scan`, args);

export const PVESM: Table = {
  add: { path: '/storage', method: 'POST', name: 'create', args: ['type', 'storage'], interactive: ['password'], fileParams: ['encryption-key', 'master-pubkey', 'keyring'] },
  set: { path: '/storage/{storage}', method: 'PUT', name: 'update', args: ['storage'], interactive: ['password'], fileParams: ['encryption-key', 'master-pubkey', 'keyring'] },
  remove: { path: '/storage/{storage}', method: 'DELETE', name: 'delete', args: ['storage'] },
  status: api('GET', '/nodes/{node}/storage', 'index', []),
  list: api('GET', '/nodes/{node}/storage/{storage}/content', 'index', ['storage']),
  alloc: api('POST', '/nodes/{node}/storage/{storage}/content', 'create', ['storage', 'vmid', 'filename', 'size']),
  free: api('DELETE', '/nodes/{node}/storage/{storage}/content/{volume}', 'delete', ['volume']),
  scan: {
    nfs: scan('nfs', ['server']), cifs: scan('cifs', ['server']), iscsi: scan('iscsi', ['portal']), lvm: scan('lvm', []),
    lvmthin: scan('lvmthin', ['vg']), pbs: scan('pbs', ['server', 'username']), zfs: scan('zfs', []),
  },
  nfsscan: { alias: 'scan nfs' },
  cifsscan: { alias: 'scan cifs' },
  iscsiscan: { alias: 'scan iscsi' },
  lvmscan: { alias: 'scan lvm' },
  lvmthinscan: { alias: 'scan lvmthin' },
  zfsscan: { alias: 'scan zfs' },
  path: { local: 'unchecked', args: ['volume'] },
  extractconfig: { local: 'unchecked', args: ['volume'] },
  export: { local: 'unchecked', args: ['volume', 'format', 'filename'] },
  import: { local: 'unchecked', args: ['volume', 'format', 'filename'] },
  apiinfo: { local: 'unchecked', args: [] },
  'prune-backups': { local: 'unchecked', args: ['storage'], node: true },
};

/** pve-manager PVE/CLI/pveam.pm `$cmddef`: download is POST /nodes/{node}/aplinfo (PVE/API2/Nodes.pm `apl_download`). */
export const PVEAM: Table = {
  update: { local: {}, args: [] },
  available: { local: { section: { type: 'string', enum: ['system', 'mail', 'turnkeylinux'], optional: 1 } }, args: [] },
  download: api('POST', '/nodes/{node}/aplinfo', 'apl_download', ['storage', 'template']),
  list: { local: 'unchecked', args: ['storage'], node: true },
  remove: { local: 'unchecked', args: ['template_path'], node: true },
};

export const TABLES: Readonly<Record<string, Table>> = { pct: PCT, qm: QM, pvesm: PVESM, pveam: PVEAM };
