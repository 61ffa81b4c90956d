// Integration estates: a phoenix project on a simulated node (a local node with the simulator first on PATH), the CLI
// run in-process, the simulator's audit log read back.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, type CliResult } from './cli.js';
import { writeProject, type Project, type ProjectSpec } from './fixtures.js';
import { readAudit, simNodeConfig, type AuditEntry } from './sim.js';

export interface Estate extends Project {
  stateDir: string;
  run(...argv: string[]): Promise<CliResult>;
  audit(): AuditEntry[];
  /** Audit entries added by `fn`. */
  during(fn: () => Promise<CliResult>): Promise<{ r: CliResult; calls: AuditEntry[] }>;
  /** A guest's root directory (its rootfs volume) on the simulator. */
  guestFile(vmid: string, path: string): string | undefined;
  conf(vmid: string, kind?: 'lxc' | 'qemu-server'): string;
}

/** A small CT for an estate: 512 MiB, 1 core, 8 GB on local-lvm, DHCP; `extra` adds or overrides fields. */
export const ct = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: `ct${id}`, memory_mb: 512, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 8,
  network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }, ...extra,
});

/** Feature scripts that leave a marker in the guest (one line per run, so re-runs are visible). */
export const MARKER_FEATURE = '#!/bin/sh\nset -eu\nmkdir -p /etc/phoenix\necho "ran $(basename "$0")" >> /etc/phoenix/features.log\n';

export function makeEstate(spec: ProjectSpec = {}, node = 'pve'): Estate {
  const p = writeProject({ inventory: { defaultNode: node, nodes: { [node]: simNodeConfig(`./.phoenix/sim/${node}`, { node }) } }, ...spec });
  const stateDir = join(p.dir, '.phoenix', 'sim', node);
  const audit = (): AuditEntry[] => (existsSync(stateDir) ? readAudit(stateDir) : []);
  const run = (...argv: string[]): Promise<CliResult> => cli(argv, { cwd: p.dir });
  return {
    ...p,
    stateDir,
    run,
    audit,
    async during(fn) {
      const before = audit().length;
      const r = await fn();
      return { r, calls: audit().slice(before) };
    },
    conf: (vmid, kind = 'lxc') => readFileSync(join(stateDir, 'etc/pve/nodes', node, kind, `${vmid}.conf`), 'utf8'),
    guestFile(vmid, path) {
      const conf = readFileSync(join(stateDir, 'etc/pve/nodes', node, existsSync(join(stateDir, 'etc/pve/nodes', node, 'lxc', `${vmid}.conf`)) ? 'lxc' : 'qemu-server', `${vmid}.conf`), 'utf8');
      const m = /^(?:rootfs|scsi0): ([^:,]+):([^,\s]+)/m.exec(conf);
      if (!m) return undefined;
      const f = join(stateDir, 'volumes', m[1]!, m[2]!, path);
      return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
    },
  };
}

export const mutating = (calls: AuditEntry[]): AuditEntry[] => calls.filter((c) => c.mutating);
export const argvs = (calls: AuditEntry[]): string[] => calls.map((c) => c.argv.join(' '));
