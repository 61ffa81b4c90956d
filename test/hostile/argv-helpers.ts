// Helpers for the "reaches Proxmox as exactly one argv element" cases: one estate per file, one guest per case.
import { writeFileSync } from 'node:fs';
import * as assert from 'uvu/assert';
import type { AuditEntry } from '../helpers/sim.js';
import type { Estate } from '../helpers/estate.js';

export const TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

/** A standalone container (from the OS template), valid as it stands. */
export function ct(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `ct${id}`, memory_mb: 256, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 2, unprivileged: true, template: TEMPLATE,
    network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }, ...extra,
  };
}

export const VM_DEFAULTS = { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' };

/** Replaces the estate's LXC file with exactly these containers. */
export function setContainers(e: Estate, cts: Record<string, Record<string, unknown>>): void {
  writeFileSync(e.files.lxc, JSON.stringify({ lxc_configs: cts }, null, 2));
}

/** Replaces the estate's VM file with exactly these VMs. */
export function setVms(e: Estate, vms: Record<string, unknown>[]): void {
  writeFileSync(e.files.vm, JSON.stringify({ vm_defaults: VM_DEFAULTS, vms }, null, 2));
}

const show = (calls: AuditEntry[]): string => calls.map((c) => JSON.stringify(c.argv)).join('\n');

/**
 * `value` reached Proxmox inside exactly one argv element of some call (the element is `value` itself, or
 * `expected` when given, e.g. a property string), and no call carries a fragment of it as an element of its own.
 */
export function assertOneElement(calls: AuditEntry[], value: string, expected: string = value): void {
  const holders = calls.flatMap((c) => c.argv.filter((a) => a.includes(value)));
  assert.ok(holders.length > 0, `${JSON.stringify(value)} reached no command:\n${show(calls)}`);
  assert.ok(holders.includes(expected), `no argv element is exactly ${JSON.stringify(expected)}:\n${show(calls)}`);
  const words = value.split(/[\s;|]+/).filter((w) => w.length > 3);
  const fragments = calls.flatMap((c) => c.argv.filter((a) => !a.includes(value) && words.some((w) => a === w)));
  assert.equal(fragments, [], `a fragment of ${JSON.stringify(value)} became an argv element of its own:\n${show(calls)}`);
}

/** The exit code is Phoenix's own (0, or 1 with the reason), never a shell's complaint about the value. */
export function assertNoShellError(out: string): void {
  assert.not.match(out, /syntax error|unexpected EOF|command not found|unterminated quoted|Bad substitution/i, 'a shell parsed a value');
}
