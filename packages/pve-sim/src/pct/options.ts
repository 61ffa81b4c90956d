// The LXC config options pct create/set accept (pve-container LXC/Config.pm $confdesc).
import { bool, intMin, num, str, type OptSpec } from '../core/schema.js';

export const LOCKS = ['backup', 'create', 'destroyed', 'disk', 'fstrim', 'migrate', 'mounted', 'rollback', 'snapshot', 'snapshot-delete'] as const;

export const LXC_OPTS: Record<string, OptSpec> = {
  arch: { type: 'string', enum: ['amd64', 'i386', 'arm64', 'armhf', 'riscv32', 'riscv64'] },
  cmode: { type: 'string', enum: ['shell', 'console', 'tty'] },
  console: bool,
  cores: intMin(1, 8192),
  cpulimit: { type: 'number', min: 0, max: 8192 },
  cpuunits: intMin(0, 500000),
  debug: bool,
  description: str,
  entrypoint: str,
  env: str,
  features: str,
  hookscript: str,
  hostname: str,
  lock: { type: 'string', enum: LOCKS },
  memory: intMin(16),
  nameserver: str,
  onboot: bool,
  ostype: { type: 'string', enum: ['debian', 'devuan', 'ubuntu', 'centos', 'fedora', 'opensuse', 'archlinux', 'alpine', 'gentoo', 'nixos', 'unmanaged'] },
  protection: bool,
  rootfs: str,
  searchdomain: str,
  startup: str,
  swap: intMin(0),
  tags: str,
  template: bool,
  timezone: str,
  tty: intMin(0, 6),
  unprivileged: bool,
};

export const LXC_PATTERNS: ReadonlyArray<readonly [RegExp, OptSpec]> = [
  [/^net([0-9]|[12][0-9]|3[01])$/, str],
  [/^mp([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$/, str],
  [/^unused([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$/, str],
  [/^dev([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$/, str],
];

export const CREATE_OPTS: Record<string, OptSpec> = {
  ...LXC_OPTS,
  storage: str,
  start: bool,
  password: str,
  'ssh-public-keys': str,
  pool: str,
  force: bool,
  restore: bool,
  unique: bool,
  'ignore-unpack-errors': bool,
  bwlimit: num,
};

export const SET_OPTS: Record<string, OptSpec> = { ...LXC_OPTS, delete: str, revert: str, digest: str };
