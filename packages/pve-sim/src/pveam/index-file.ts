// The appliance index `pveam update` fetches (pve-manager PVE/APLInfo.pm: /var/lib/pve-manager/apl-info/<host>) —
// here a small built-in excerpt of download.proxmox.com's `system` section, written into the node's host dir.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { readJson, writeJson } from '../core/fsx.js';

export interface Appliance { section: string; template: string; architecture: string; location: string }

const BASE = 'http://download.proxmox.com/images';

/** Names as `pveam available --section system` lists them. */
const SYSTEM = [
  'alpine-3.22-default_20250617_amd64.tar.xz',
  'debian-12-standard_12.7-1_amd64.tar.zst',
  'debian-13-standard_13.1-2_amd64.tar.zst',
  'ubuntu-22.04-standard_22.04-1_amd64.tar.zst',
  'ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
];

const indexPath = (env: SimEnv): string => join(env.hostDir, 'var/lib/pve-manager/apl-info/download.proxmox.com.json');

export function writeIndex(env: SimEnv): void {
  const list: Appliance[] = SYSTEM.map((t) => ({ section: 'system', template: t, architecture: 'amd64', location: `${BASE}/system/${t}` }));
  writeJson(indexPath(env), list);
}

/**
 * PVE/APLInfo.pm `load_data`: empty until `pveam update` has fetched the index; each source it cannot read is warned
 * about on stderr (`read_aplinfo`), as a real node without the index prints it.
 */
export function readAplIndex(env: SimEnv, warn: (text: string) => void): Appliance[] {
  if (existsSync(indexPath(env))) return readJson<Appliance[]>(indexPath(env), []);
  for (const host of ['download.proxmox.com', 'releases.turnkeylinux.org']) warn(`unable to open file '/var/lib/pve-manager/apl-info/${host}' - No such file or directory\n`);
  return [];
}
