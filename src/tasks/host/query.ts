// What host facts a set of setup steps needs: gather-host.ts reads exactly this, in one exec.
import type { Step } from '../../compile/plan.js';
import type { NfsExportsParams } from './nfs-exports.js';
import type { SambaParams } from './samba.js';
import type { HostUserParams } from './user.js';
import type { ZfsDatasetParams } from './zfs-dataset.js';

export interface HostQuery {
  /** Datasets and the properties to `zfs get` for them. */
  datasets: string[];
  props: string[];
  /** Host files to read (hostRoot-prefixed). */
  files: string[];
  /** Local users to look up under the host root. */
  users: string[];
  /** Paths to stat (hostRoot-prefixed). */
  paths: string[];
  samba: boolean;
  firewall: boolean;
}

export const emptyQuery = (): HostQuery => ({ datasets: [], props: [], files: [], users: [], paths: [], samba: false, firewall: false });

export function hostQuery(steps: readonly Step[]): HostQuery {
  const q = emptyQuery();
  const add = (list: string[], ...xs: string[]): void => { for (const x of xs) if (!list.includes(x)) list.push(x); };
  for (const s of steps) {
    switch (s.task) {
      case 'host.zfs-dataset': {
        const p = s.params as unknown as ZfsDatasetParams;
        add(q.datasets, p.dataset);
        add(q.props, 'mountpoint', ...Object.keys(p.properties));
        break;
      }
      case 'host.nfs-exports': {
        const p = s.params as unknown as NfsExportsParams;
        add(q.files, p.file);
        add(q.paths, ...p.dirs.map((d) => d.at));
        break;
      }
      case 'host.samba': {
        const p = s.params as unknown as SambaParams;
        add(q.files, p.file);
        add(q.paths, ...p.dirs.map((d) => d.at));
        if (p.user) add(q.users, p.user);
        q.samba = true;
        break;
      }
      case 'host.user': add(q.users, (s.params as unknown as HostUserParams).user); break;
      case 'host.dc-firewall': q.firewall = true; break;
      default: break;
    }
  }
  return q;
}
