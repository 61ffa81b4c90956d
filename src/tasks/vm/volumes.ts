// NFS volumes inside a VM: fstab entry + mount, through the agent, with a fixed script and the values as
// arguments (never spliced into a shell string). Recorded as a tag (hash of the volume list).
import { createHash } from 'node:crypto';
import type { NfsVolume } from '../../inventory/config-types.js';
import { guestOf } from '../facts.js';
import { guestExec } from '../guest-exec.js';
import { joinTags, splitTags } from '../tags.js';
import { none, runs, type TaskDef } from '../types.js';

export interface VolumesParams { vmid: string; volumes: NfsVolume[] }

/** $1 = server:path, $2 = mount point. Adds the fstab line once, mounts, verifies. */
export const MOUNT_NFS = `set -e
line="$1 $2 nfs defaults,auto,nofail 0 0"
mkdir -p "$2"
grep -qxF "$line" /etc/fstab 2>/dev/null || printf '%s\\n' "$line" >> /etc/fstab
mountpoint -q "$2" 2>/dev/null || mount "$2" || true`;

export const volumesHash = (v: readonly NfsVolume[]): string =>
  createHash('sha256').update(JSON.stringify(v.map((x) => [x.server, x.path, x.mount_point]))).digest('hex').slice(0, 8);
const TAG = /^phx-v-[0-9a-f]{8}$/i;

export const vmVolumes: TaskDef<VolumesParams> = {
  name: 'vm.volumes',
  mutates: true,
  title: (p) => `VM ${p.vmid}: ${p.volumes.length} NFS volume(s)`,
  check(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) throw new Error(`VM ${p.vmid} does not exist on ${facts.node}`);
    const want = `phx-v-${volumesHash(p.volumes)}`;
    return splitTags(g.config.tags).includes(want) ? none('mounted') : runs(`mount ${p.volumes.map((v) => v.mount_point).join(', ')}`);
  },
  async apply(ctx, p) {
    const g = guestOf(ctx.facts, p.vmid);
    if (!g) throw new Error(`VM ${p.vmid} does not exist`);
    for (const v of p.volumes) {
      const r = await guestExec(ctx, 'vm', p.vmid, ['/bin/sh', '-c', MOUNT_NFS, 'phoenix-nfs', `${v.server}:${v.path}`, v.mount_point]);
      if (r.code !== 0) throw new Error(`VM ${p.vmid}: NFS ${v.server}:${v.path} at ${v.mount_point}: ${r.stderr.trim() || `exit ${r.code}`}`);
    }
    const tags = joinTags([...splitTags(g.config.tags).filter((t) => !TAG.test(t)), `phx-v-${volumesHash(p.volumes)}`]);
    await ctx.run(['qm', 'set', p.vmid, '--tags', tags]);
    g.config.tags = tags;
  },
};
