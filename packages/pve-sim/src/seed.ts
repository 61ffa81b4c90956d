// Seeding: write the state of many already-converged LXC clones at once, by replicating one clone that was made
// the ordinary way (`pct clone` + `pct set` + `pct start`). For benchmarks whose subject is what happens AFTER a
// converge (a no-op run over thousands of guests): converging them one `pct clone` at a time would take hours.
// What a replica gets is what `pct clone` (pct/clone.ts, after API2/LXC.pm clone_vm) would have left, plus the
// prototype's later settings and run state:
//   - its config at <pmxcfs>/nodes/<node>/lxc/<vmid>.conf: the prototype's, with a new hostname, a new random
//     hwaddr on every netN (clone_vm: `$net->{hwaddr} = PVE::Tools::random_ether_addr(...)`) and its own volumes;
//   - its volumes: the prototype's contents copied under the new vmid's names (`vm-901-disk-0` ->
//     `vm-1234-disk-0`; linked clones keep their base: `base-900-disk-0/vm-1234-disk-0`), registered in the
//     volume index (and as ZFS datasets on a zfspool), on the replica's node when the storage is local;
//   - the prototype's firewall file (`<pmxcfs>/firewall/<vmid>.fw`), its run state (running on its own node),
//     and a `.vmlist` entry (state/vmlist.ts), registered once for the whole batch.
// The rootfs is copied as the prototype has it (the simulator does not rewrite /etc/hostname on clone either).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SimEnv } from './core/env.js';
import { readSimEnv } from './core/env.js';
import { copyTree, removeTree, writeAtomic } from './core/fsx.js';
import { ensureInitialised } from './core/init.js';
import { withLock } from './core/lock.js';
import { parseConf, writeConf, type GuestConf } from './conf/config-file.js';
import { lxcMp, lxcNet, lxcRootfs, randomMac } from './conf/formats.js';
import { printPropString, readPropString } from './conf/prop-string.js';
import { findGuest, listGuests, rawConf } from './state/guests.js';
import { confPath, firewallDir, lockPath } from './state/paths.js';
import { readRun, setRunning } from './state/status.js';
import { getStorage } from './state/storage-cfg.js';
import { readIndex, splitVolid, volPath, writeIndex, type VolIndex } from './state/volumes.js';
import { noteConfigChange } from './state/vmlist.js';
import { zfsVolumeCreated } from './state/zfs-volumes.js';
import { simEnv, type SimNode } from './node-env.js';

export interface SeedClone {
  vmid: string;
  /** Inventory node it lives on (PVE_SIM_NODE of one of `nodes`). */
  node: string;
  /** Default: the prototype's hostname with the prototype's vmid replaced by this one (`ct901` -> `ct1234`). */
  hostname?: string;
}

export interface SeedOptions {
  /** Every node of the cluster that holds the prototype or a replica (they share one pmxcfs dir). */
  nodes: readonly SimNode[];
  /** vmid of a converged LXC clone to replicate (no snapshots, no pending changes, not locked). */
  prototype: string;
  clones: readonly SeedClone[];
}

/** The prototype's volume name under the replica's vmid: segments `901` and `vm-901-disk-N` / `subvol-901-disk-N`. */
export function renameVolname(volname: string, from: string, to: string): string {
  const leaf = new RegExp(`^(vm|subvol)-${from}-disk-`);
  return volname.split('/').map((s) => (s === from ? to : s.replace(leaf, `$1-${to}-disk-`))).join('/');
}

const isVolumeKey = (k: string): boolean => k === 'rootfs' || /^mp\d+$/.test(k);

function prototypeConf(env: SimEnv, vmid: string): { conf: GuestConf; node: string } {
  const ref = findGuest(env, vmid);
  if (!ref) throw new Error(`seed: prototype ${vmid} does not exist`);
  if (ref.type !== 'lxc') throw new Error(`seed: prototype ${vmid} is a VM; only LXC clones are seeded`);
  const conf = parseConf(rawConf(env, 'lxc', vmid, ref.node) ?? '', 'lxc');
  if (Object.keys(conf.snapshots).length) throw new Error(`seed: prototype ${vmid} has snapshots`);
  if (conf.pending && Object.keys(conf.pending.keys).length) throw new Error(`seed: prototype ${vmid} has pending changes`);
  if (conf.main.keys['lock']) throw new Error(`seed: prototype ${vmid} is locked (${conf.main.keys['lock']})`);
  if (conf.main.keys['template'] === '1') throw new Error(`seed: prototype ${vmid} is a template`);
  return { conf, node: ref.node };
}

/** Copy one volume of the prototype to the replica and register it in `index`; returns the replica's volid. */
function copyVolume(from: SimEnv, to: SimEnv, volid: string, ids: { proto: string; vmid: string }, protoIndex: VolIndex, index: VolIndex): string {
  const v = splitVolid(volid);
  if (!v) throw new Error(`seed: cannot parse volume '${volid}'`);
  const volname = renameVolname(v.volname, ids.proto, ids.vmid);
  const nv = `${v.storage}:${volname}`;
  const info = protoIndex[volid];
  const s = getStorage(to, v.storage);
  // allocVolume (state/volumes.ts): a zfspool volume is a dataset named after the last segment of the volname
  if (s?.type === 'zfspool') zfsVolumeCreated(to, `${s.props['pool']}/${volname.split('/').pop()}`, info?.size ?? 0);
  copyTree(volPath(from, volid), volPath(to, nv));
  if (info) index[nv] = { ...info, vmid: ids.vmid };
  return nv;
}

function replicaConf(base: GuestConf, copyVol: (volid: string) => string, hostname: string): GuestConf {
  const conf = parseConf(writeConf(base, 'lxc'), 'lxc');
  for (const [k, value] of Object.entries(conf.main.keys)) {
    if (/^net\d+$/.test(k)) {
      const p = readPropString(lxcNet, value);
      p['hwaddr'] = randomMac();
      conf.main.keys[k] = printPropString(lxcNet, p);
    } else if (isVolumeKey(k)) {
      const fmt = k === 'rootfs' ? lxcRootfs : lxcMp;
      const p = readPropString(fmt, value);
      const vol = p['volume'] ?? '';
      if (vol.startsWith('/')) continue; // a bind or device mount point: the same host path
      p['volume'] = copyVol(vol);
      conf.main.keys[k] = printPropString(fmt, p);
    }
  }
  conf.main.keys['hostname'] = hostname;
  return conf;
}

/** Write `o.clones` as converged replicas of `o.prototype` (see the file comment). Throws on an id already in use. */
export async function seedClones(o: SeedOptions): Promise<void> {
  const envs = new Map(o.nodes.map((n) => [n.node ?? 'pve', readSimEnv(simEnv(n))]));
  const first = o.nodes[0];
  if (!first) throw new Error('seed: no nodes');
  for (const env of envs.values()) await ensureInitialised(env);
  const anyEnv = envs.get(first.node ?? 'pve') as SimEnv;
  await withLock(lockPath(anyEnv), () => {
    const proto = prototypeConf(anyEnv, o.prototype);
    const protoEnv = envs.get(proto.node);
    if (!protoEnv) throw new Error(`seed: the prototype's node ${proto.node} is not among the nodes`);
    const used = new Set(listGuests(anyEnv).map((g) => g.vmid));
    const protoIndex = readIndex(protoEnv);
    const running = readRun(protoEnv, o.prototype)?.status === 'running';
    const protoHost = proto.conf.main.keys['hostname'] ?? `CT${o.prototype}`;
    const fw = join(firewallDir(anyEnv), `${o.prototype}.fw`);
    const byNode = new Map<string, SeedClone[]>();
    for (const c of o.clones) {
      if (used.has(c.vmid)) throw new Error(`seed: CT ${c.vmid} already exists`);
      if (!envs.has(c.node)) throw new Error(`seed: node ${c.node} of CT ${c.vmid} is not among the nodes`);
      used.add(c.vmid);
      byNode.set(c.node, [...(byNode.get(c.node) ?? []), c]);
    }
    for (const [node, clones] of byNode) {
      const env = envs.get(node) as SimEnv;
      const index = readIndex(env);
      for (const c of clones) {
        const ids = { proto: o.prototype, vmid: c.vmid };
        const conf = replicaConf(proto.conf, (vol) => copyVolume(protoEnv, env, vol, ids, protoIndex, index),
          c.hostname ?? protoHost.split(o.prototype).join(c.vmid));
        writeAtomic(confPath(env, 'lxc', c.vmid, node), writeConf(conf, 'lxc'));
        if (existsSync(fw)) copyTree(fw, join(firewallDir(env), `${c.vmid}.fw`));
        if (running) setRunning(env, c.vmid, true, node);
      }
      writeIndex(env, index);
    }
    const last = o.clones[o.clones.length - 1];
    // one registration pass for the batch: reconcile() adds every config file that appeared
    if (last) noteConfigChange(anyEnv, last.vmid, 'write');
    // pvestatd's cache (state/rrd.ts) is taken anew by the next call, as if the replicas had been there a while
    removeTree(join(anyEnv.pveDir, '.sim', 'rrd-tick'));
  });
}
