// The application script (`<scripts>/apps/<file>`): pushed into the guest and run there with argv [path, id];
// recorded like a feature (tag phx-a-<hash>), so a converged guest does not run it again.
import { guestOf } from './facts.js';
import { guestExec, pushViaStdin, type GuestKind } from './guest-exec.js';
import { appliedApp, joinTags, splitTags, withApp } from './tags.js';
import { none, runs, type TaskDef } from './types.js';

export interface AppParams { vmid: string; kind: GuestKind; file: string; script: string; sha256: string; attempts: number }

export function appTask(kind: GuestKind): TaskDef<AppParams> {
  const label = kind === 'lxc' ? 'CT' : 'VM';
  return {
    name: `${kind}.app`,
    mutates: true,
    title: (p) => `${label} ${p.vmid}: application script ${p.file}`,
    check(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      const have = appliedApp(splitTags(g.config.tags));
      const want = p.sha256.slice(0, 8);
      return have === want ? none(`applied (${want})`) : runs(have ? `script changed (${have} -> ${want})` : `run ${p.file}`);
    },
    async apply(ctx, p) {
      const g = guestOf(ctx.facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist`);
      const dest = `/var/lib/phoenix/apps/${p.file}`;
      await pushViaStdin(ctx, kind, p.vmid, dest, await ctx.readLocal(p.script, p.sha256));
      let last = '';
      for (let attempt = 1; attempt <= p.attempts; attempt++) {
        ctx.log(`running ${p.file} in ${label} ${p.vmid} (attempt ${attempt}/${p.attempts})`);
        const r = await guestExec(ctx, kind, p.vmid, [dest, p.vmid]);
        if (r.code === 0) {
          const tags = joinTags(withApp(splitTags(g.config.tags), p.sha256));
          await ctx.run([kind === 'lxc' ? 'pct' : 'qm', 'set', p.vmid, '--tags', tags]);
          g.config.tags = tags;
          return;
        }
        last = `exit ${r.code}${(r.stderr || r.stdout).trim() ? `: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ')}` : ''}`;
      }
      throw new Error(`application script ${p.file} failed in ${label} ${p.vmid} after ${p.attempts} attempt(s): ${last}`);
    },
  };
}
