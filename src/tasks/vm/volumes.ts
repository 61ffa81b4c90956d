// NFS volumes inside a VM: fstab entry + mount, through the agent, with a fixed script and the values as
// arguments (never spliced into a shell string). Recorded as a tag (hash of the volume list).
import { createHash } from 'node:crypto';
import type { NfsVolume } from '../../inventory/config-types.js';
import { guestOf } from '../facts.js';
import { execCommand } from '../guest-exec.js';
import { joinTags, splitTags } from '../tags.js';
import { act, cmd, noop, runs, type TaskDef } from '../types.js';
import { volumesSchema, type VolumesParams } from './params.js';

export type { VolumesParams } from './params.js';

/** $1 = server:path, $2 = mount point. Adds the fstab line once, mounts, verifies. */
export const MOUNT_NFS = `set -e
line="$1 $2 nfs defaults,auto,nofail 0 0"
mkdir -p "$2"
grep -qxF "$line" /etc/fstab 2>/dev/null || printf '%s\\n' "$line" >> /etc/fstab
mountpoint -q "$2" 2>/dev/null || mount "$2" || true`;

export const volumesHash = (v: readonly NfsVolume[]): string =>
  createHash('sha256').update(JSON.stringify(v.map((x) => [x.server, x.path, x.mount_point]))).digest('hex').slice(0, 8);
const TAG = /^phx-v-[0-9a-f]{8}$/i;
const volumesTag = (v: readonly NfsVolume[]): string => `phx-v-${volumesHash(v)}`;

export const vmVolumes: TaskDef<VolumesParams, 'vm.volumes'> = {
  name: 'vm.volumes',
  schema: volumesSchema,
  mutates: true,
  reconfigure: true,
  owned: true,
  reread: 'guest',
  guests: (p) => [p.vmid],
  title: (p) => `VM ${p.vmid}: ${p.volumes.length} NFS volume(s)`,
  plan(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) throw new Error(`VM ${p.vmid} does not exist on ${facts.node}`);
    const have = splitTags(g.config.tags);
    const want = volumesTag(p.volumes);
    if (have.includes(want)) return noop('mounted');
    // judged by the exit code of the script in the guest (execCommand sets judge 'agent' for VMs)
    const mounts = p.volumes.map((v) => execCommand('vm', p.vmid, ['/bin/sh', '-c', MOUNT_NFS, 'phoenix-nfs', `${v.server}:${v.path}`, v.mount_point], {
      what: `NFS ${v.server}:${v.path} at ${v.mount_point} in VM ${p.vmid}`,
    }));
    const tags = joinTags([...have.filter((t) => !TAG.test(t)), want]);
    return act(runs(`mount ${p.volumes.map((v) => v.mount_point).join(', ')}`), ...mounts, cmd(['qm', 'set', p.vmid, '--tags', tags]));
  },
};
