// The application script (`<scripts>/apps/<file>`): pushed into the guest and run there with argv [path, id];
// recorded like a feature (tag phx-a-<hash>), so a converged guest does not run it again.
import { guestOf } from './facts.js';
import { execCommand, guestLabel, pushCommand, type GuestKind } from './guest-exec.js';
import { constant, int, obj, scriptSchema, str, vmidSchema } from './schema.js';
import { appliedApp, joinTags, OWNER_TAG, splitTags, withApp } from './tags.js';
import { act, cmd, noop, runs, type TaskDef } from './types.js';

export interface AppParams { vmid: string; kind: GuestKind; file: string; script: string; sha256: string; attempts: number }

export function appTask<K extends GuestKind>(k: K): TaskDef<AppParams, `${K}.app`> {
  const label = guestLabel(k);
  return {
    name: `${k}.app`,
    schema: obj({
      vmid: vmidSchema, kind: constant(k),
      // config/schemas `relPath`: relative, no `..` segment
      file: str({ pattern: '^(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9_.][A-Za-z0-9_./-]*$' }),
      script: scriptSchema.path, sha256: scriptSchema.sha256, attempts: int({ minimum: 1 }),
    }),
    mutates: true,
    reconfigure: false,
    owned: true,
    reread: 'guest',
    guests: (p) => [p.vmid],
    title: (p) => `${label} ${p.vmid}: application script ${p.file}`,
    plan(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      const current = splitTags(g.config.tags);
      const have = appliedApp(current);
      const want = p.sha256.slice(0, 8);
      if (have === want) return noop(`applied (${want})`);
      const dest = `/var/lib/phoenix/apps/${p.file}`;
      // the owner tag is kept: see feature.ts
      const tags = joinTags(withApp([...current, OWNER_TAG], p.sha256));
      return act(
        runs(have ? `script changed (${have} -> ${want})` : `run ${p.file}`),
        pushCommand(k, p.vmid, dest, { file: p.script, sha256: p.sha256 }),
        execCommand(k, p.vmid, [dest, p.vmid], {
          retry: { attempts: p.attempts, intervalMs: 0 },
          log: `running ${p.file} in ${label} ${p.vmid}`,
          what: `application script ${p.file} in ${label} ${p.vmid}${p.attempts > 1 ? ` (${p.attempts} attempts)` : ''}`,
        }),
        cmd([k === 'lxc' ? 'pct' : 'qm', 'set', p.vmid, '--tags', tags]),
      );
    },
  };
}
