// The hypervisor config's ZFS part as task params: pools, datasets and the PVE storages on them.
import type { HypervisorConfig } from '../../inventory/config-types.js';
import { arr, at, bool, obj, str, strs } from './hv-read.js';
import type { PveStorageParams, StorageType } from './pve-storage.js';
import type { ZfsDatasetParams } from './zfs-dataset.js';
import type { PoolLayout, ZfsPoolParams } from './zfs-pool.js';
import { parseZfsProps } from './zfs-props.js';

const LAYOUTS: Record<string, PoolLayout> = {
  single: 'stripe', stripe: 'stripe', mirror: 'mirror', raidz: 'raidz1', raidz1: 'raidz1', raidz2: 'raidz2', raidz3: 'raidz3',
};

export function poolParams(hv: HypervisorConfig, wipeDisks: boolean, problems: string[]): ZfsPoolParams[] {
  const allowDestructive = bool(at(hv, 'zfs.settings.allow_destructive_operations')) === true;
  return arr(at(hv, 'zfs.pools')).map((raw, i) => {
    const p = obj(raw);
    const level = (str(p.raid_level) ?? 'single').toLowerCase();
    const layout = LAYOUTS[level];
    if (!layout) problems.push(`phoenix_hypervisor_config.json: /zfs/pools/${i}/raid_level: unknown level '${level}'`);
    return { pool: str(p.name) ?? '', layout: layout ?? 'stripe', disks: strs(p.disks), wipeDisks, allowDestructive };
  });
}

export interface DatasetWant { params: ZfsDatasetParams; pool: string; name: string; mountpoint: string; raw: Record<string, unknown> }

export function datasets(hv: HypervisorConfig): DatasetWant[] {
  return arr(at(hv, 'zfs.datasets')).map((raw) => {
    const d = obj(raw);
    const pool = str(d.pool) ?? '';
    const name = str(d.name) ?? '';
    const properties = parseZfsProps(str(d.properties));
    const dataset = `${pool}/${name}`;
    return { params: { dataset, properties }, pool, name, mountpoint: properties.mountpoint ?? `/${dataset}`, raw: d };
  });
}

/** `proxmox_storage_ids["<pool>_<name with _>"]`, else `<pool>-<name>` (the original's naming). */
export function storageId(hv: HypervisorConfig, pool: string, name: string): string {
  const ids = obj(hv.proxmox_storage_ids);
  return str(ids[`${pool}_${name.replace(/[-/]/g, '_')}`]) ?? `${pool}-${name.replace(/\//g, '-')}`;
}

const SUPPORTED: StorageType[] = ['zfspool', 'dir', 'nfs'];

/** One storage per dataset that names a `proxmox_storage_type`. */
export function storageParams(hv: HypervisorConfig, ds: DatasetWant, problems: string[]): PveStorageParams | undefined {
  const type = str(ds.raw.proxmox_storage_type) as StorageType | undefined;
  if (!type) return undefined;
  if (!SUPPORTED.includes(type)) {
    problems.push(`phoenix_hypervisor_config.json: dataset ${ds.params.dataset}: proxmox_storage_type '${type}' is not supported on a ZFS dataset (use ${SUPPORTED.join(', ')})`);
    return undefined;
  }
  const content = (str(ds.raw.proxmox_content_type) ?? (type === 'zfspool' ? 'images,rootdir' : 'iso,vztmpl,backup')).split(',').map((c) => c.trim()).filter(Boolean);
  const storage = storageId(hv, ds.pool, ds.name);
  let settings: Record<string, string>;
  if (type === 'zfspool') settings = { pool: ds.params.dataset };
  else if (type === 'dir') settings = { path: ds.mountpoint };
  else {
    const server = str(at(hv, 'network.nfs_server')) ?? str(at(hv, 'network.interfaces.address'))?.split('/')[0];
    if (!server) {
      problems.push(`phoenix_hypervisor_config.json: dataset ${ds.params.dataset}: an nfs storage needs network.nfs_server`);
      return undefined;
    }
    settings = { server, export: ds.mountpoint };
  }
  return { storage, type, content, settings };
}
