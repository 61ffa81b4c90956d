// Benchmark estates: one LXC template (900, with its template snapshot) and N-1 clones of it, spread round-robin
// over the nodes of one simulated cluster (a shared pmxcfs directory and a shared storage for cross-node clones).
// A node is reached as a local node with the simulator first on PATH, or over SSH to an sshd that puts it there.
// Besides the config of the chosen transport, every estate has `localConfigFile`: the same estate and state with
// every node a local node, for the set-up work the bench does not time (a prototype converge, --check gates).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { binDir, simEnv } from '@phoenix/pve-sim';

export interface BenchNode { name: string; stateDir: string }

export interface BenchEstate {
  dir: string;
  configFile: string;
  /** The same estate with every node local (the simulator on PATH): no sshd in between. */
  localConfigFile: string;
  /** The shared pmxcfs directory of the cluster. */
  pveDir: string;
  nodes: BenchNode[];
  stateDirs: string[];
  /** Per inventory node: the environment that runs the simulator's tools as that node, on this machine. */
  nodeEnv: Record<string, NodeJS.ProcessEnv>;
}

export interface Server { host: string; port: number; user: string; identityFile: string; knownHostsFile: string }

export const TEMPLATE_ID = 900;

/** The id of the i-th guest (0 is the template) and the node it lives on. */
export const guestId = (i: number): string => String(TEMPLATE_ID + i);
export const nodeName = (i: number): string => `pve${i + 1}`;
export const guestNode = (i: number, nodes: number): string => nodeName(i % nodes);

/** The three JSON files of an estate of `guests` guests on `nodes` nodes, on `storage`. */
function writeJsonFiles(dir: string, guests: number, nodes: number, storage: string): void {
  const lxc: Record<string, unknown> = {};
  for (let i = 0; i < guests; i++) {
    const id = guestId(i);
    lxc[id] = {
      name: `ct${id}`, memory_mb: 512, cores: 1, storage_pool: storage, storage_size_gb: 4, unprivileged: true,
      network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }, node: guestNode(i, nodes),
      ...(i === 0 ? { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', template_snapshot_name: 'base' } : { clone_from_ctid: String(TEMPLATE_ID), start_at_boot: true, boot_order: 1 }),
    };
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lxc.json'), JSON.stringify({ lxc_configs: lxc }));
  writeFileSync(join(dir, 'vm.json'), JSON.stringify({ vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: storage, network_bridge: 'vmbr0' }, vms: [] }));
  writeFileSync(join(dir, 'hv.json'), JSON.stringify({ domain_name: 'bench.test' }));
}

function writeConfig(file: string, names: string[], nodes: Record<string, unknown>): void {
  writeFileSync(file, stringify({ configs: { hypervisor: './hv.json', lxc: './lxc.json', vm: './vm.json' }, inventory: { defaultNode: names[0], nodes } }));
}

export async function writeEstate(dir: string, guests: number, nodes: number, transport: 'sim' | 'ssh',
  startServer: (env: Record<string, string>) => Promise<Server>): Promise<BenchEstate> {
  const pveDir = join(dir, 'cluster', 'etc', 'pve');
  const names = Array.from({ length: nodes }, (_, i) => nodeName(i));
  const stateDirs = names.map((n) => join(dir, 'sim', n));
  const envs = names.map((n, i) => simEnv({ stateDir: stateDirs[i]!, node: n, pveDir }));
  const nodeEnv = Object.fromEntries(names.map((n, i) => [n, { ...process.env, PATH: `${binDir}:${process.env.PATH}`, ...envs[i] }]));
  const storage = nodes > 1 ? 'shared' : 'local-lvm';
  if (nodes > 1) {
    // one storage all members see (a Ceph RBD pool, shared and snapshot-capable), declared once in the shared storage.cfg
    const r = spawnSync('pvesm', ['add', 'rbd', 'shared', '--pool', 'rbd', '--content', 'rootdir,images'], { env: nodeEnv[names[0]!] });
    if (r.status !== 0) throw new Error(`pvesm add shared: ${r.stderr.toString()}`);
  }
  writeJsonFiles(dir, guests, nodes, storage);
  const local: Record<string, unknown> = {};
  const chosen: Record<string, unknown> = {};
  for (const [i, n] of names.entries()) {
    const common = { pveNode: n, pveRoot: pveDir, hostRoot: join(stateDirs[i]!, 'host'), sharedStorages: nodes > 1 ? [storage] : [] };
    local[n] = { connection: 'local', path: [binDir], env: envs[i], ...common };
    if (transport === 'ssh') {
      const s = await startServer(envs[i]!);
      chosen[n] = { connection: 'ssh', host: s.host, port: s.port, user: s.user, identityFile: s.identityFile, knownHostsFile: s.knownHostsFile, ...common };
    } else chosen[n] = local[n];
  }
  const configFile = join(dir, 'phoenix.config.yaml');
  const localConfigFile = join(dir, 'phoenix.local.yaml');
  writeConfig(configFile, names, chosen);
  writeConfig(localConfigFile, names, local);
  return { dir, configFile, localConfigFile, pveDir, nodes: names.map((name, i) => ({ name, stateDir: stateDirs[i]! })), stateDirs, nodeEnv };
}
