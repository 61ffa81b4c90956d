// Benchmark estates: one LXC template (900, with its template snapshot) and N-1 clones of it, spread round-robin
// over the nodes of one simulated cluster (a shared pmxcfs directory and a shared storage for cross-node clones).
// A node is reached as a local node with the simulator first on PATH, or over SSH to an sshd that puts it there.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { binDir, simEnv } from '@phoenix/pve-sim';

export interface BenchEstate {
  configFile: string;
  stateDirs: string[];
  /** Per inventory node: the environment that runs the simulator's tools as that node, on this machine. */
  nodeEnv: Record<string, NodeJS.ProcessEnv>;
}

interface Server { host: string; port: number; user: string; identityFile: string; knownHostsFile: string }

export async function writeEstate(dir: string, guests: number, nodes: number, transport: 'sim' | 'ssh',
  startServer: (env: Record<string, string>) => Promise<Server>): Promise<BenchEstate> {
  const pveDir = join(dir, 'cluster', 'etc', 'pve');
  const names = Array.from({ length: nodes }, (_, i) => `pve${i + 1}`);
  const stateDirs = names.map((n) => join(dir, 'sim', n));
  const envs = names.map((n, i) => simEnv({ stateDir: stateDirs[i]!, node: n, pveDir }));
  const nodeEnv = Object.fromEntries(names.map((n, i) => [n, { ...process.env, PATH: `${binDir}:${process.env.PATH}`, ...envs[i] }]));
  const storage = nodes > 1 ? 'shared' : 'local-lvm';
  if (nodes > 1) {
    // one storage all members see (a Ceph RBD pool, shared and snapshot-capable), declared once in the shared storage.cfg
    const r = spawnSync('pvesm', ['add', 'rbd', 'shared', '--pool', 'rbd', '--content', 'rootdir,images'], { env: nodeEnv[names[0]!] });
    if (r.status !== 0) throw new Error(`pvesm add shared: ${r.stderr.toString()}`);
  }
  const lxc: Record<string, unknown> = {};
  for (let i = 0; i < guests; i++) {
    const id = String(900 + i);
    lxc[id] = {
      name: `ct${id}`, memory_mb: 512, cores: 1, storage_pool: storage, storage_size_gb: 4, unprivileged: true,
      network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }, node: names[i % nodes],
      ...(i === 0 ? { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', template_snapshot_name: 'base' } : { clone_from_ctid: '900', start_at_boot: true, boot_order: 1 }),
    };
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lxc.json'), JSON.stringify({ lxc_configs: lxc }));
  writeFileSync(join(dir, 'vm.json'), JSON.stringify({ vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: storage, network_bridge: 'vmbr0' }, vms: [] }));
  writeFileSync(join(dir, 'hv.json'), JSON.stringify({ domain_name: 'bench.test' }));
  const inv: Record<string, unknown> = {};
  for (const [i, n] of names.entries()) {
    const common = { pveNode: n, pveRoot: pveDir, hostRoot: join(stateDirs[i]!, 'host'), sharedStorages: nodes > 1 ? [storage] : [] };
    if (transport === 'ssh') {
      const s = await startServer(envs[i]!);
      inv[n] = { connection: 'ssh', host: s.host, port: s.port, user: s.user, identityFile: s.identityFile, knownHostsFile: s.knownHostsFile, ...common };
    } else {
      inv[n] = { connection: 'local', path: [binDir], env: envs[i], ...common };
    }
  }
  const configFile = join(dir, 'phoenix.config.yaml');
  writeFileSync(configFile, stringify({ configs: { hypervisor: './hv.json', lxc: './lxc.json', vm: './vm.json' }, inventory: { defaultNode: names[0], nodes: inv } }));
  return { configFile, stateDirs, nodeEnv };
}
