// Features: `<scripts>/features/<name>.sh`, pushed into the guest and run there. The record (name + short hash)
// is a tag in the guest's own config: a re-run is a no-op, a clone inherits its template's record, a changed
// script runs again.
import { guestOf } from './facts.js';
import { guestExec, pushViaStdin, type GuestKind } from './guest-exec.js';
import { appliedFeatures, joinTags, splitTags, withFeature } from './tags.js';
import { none, runs, type TaskDef } from './types.js';

export interface FeatureParams { vmid: string; kind: GuestKind; name: string; script: string; sha256: string }

export function featureTask(kind: GuestKind): TaskDef<FeatureParams> {
  const label = kind === 'lxc' ? 'CT' : 'VM';
  return {
    name: `${kind}.feature`,
    mutates: true,
    title: (p) => `${label} ${p.vmid}: feature ${p.name}`,
    check(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      const have = appliedFeatures(splitTags(g.config.tags)).get(p.name.toLowerCase());
      const want = p.sha256.slice(0, 8);
      if (have === want) return none(`applied (${want})`);
      return runs(have ? `script changed (${have} -> ${want}): run again` : `run ${p.name}`);
    },
    async apply(ctx, p) {
      const g = guestOf(ctx.facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist`);
      const content = await ctx.readLocal(p.script, p.sha256);
      const dest = `/var/lib/phoenix/features/${p.name}.sh`;
      await pushViaStdin(ctx, kind, p.vmid, dest, content);
      ctx.log(`running ${p.name} in ${label} ${p.vmid}`);
      const r = await guestExec(ctx, kind, p.vmid, [dest]);
      if (r.code !== 0) {
        const tail = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
        throw new Error(`feature ${p.name} failed in ${label} ${p.vmid} (exit ${r.code})${tail ? `: ${tail}` : ''}`);
      }
      const tags = joinTags(withFeature(splitTags(g.config.tags), p.name, p.sha256));
      await ctx.run([kind === 'lxc' ? 'pct' : 'qm', 'set', p.vmid, '--tags', tags]);
      g.config.tags = tags;
    },
  };
}
