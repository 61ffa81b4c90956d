// Config values as the API types them (JSONSchema check_type): integer and boolean keys become
// JSON numbers, everything else stays a string (qemu `memory` is a string property).
import type { GuestType } from '../state/paths.js';

const LXC_NUM = new Set(['cores', 'cpuunits', 'memory', 'swap', 'tty', 'cpulimit', 'console', 'debug', 'onboot', 'protection', 'template', 'unprivileged']);
const QEMU_NUM = new Set(['cores', 'sockets', 'vcpus', 'cpuunits', 'balloon', 'shares', 'migrate_downtime', 'migrate_speed', 'acpi',
  'autostart', 'kvm', 'localtime', 'numa', 'onboot', 'protection', 'reboot', 'tablet', 'template', 'freeze', 'ciupgrade']);

export function typedValue(type: GuestType, key: string, value: string): string | number {
  const nums = type === 'lxc' ? LXC_NUM : QEMU_NUM;
  return nums.has(key) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}
