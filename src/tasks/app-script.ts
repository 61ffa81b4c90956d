// The application script (`<scripts>/apps/<file>`): pushed into the guest and run there with argv [path, id];
// recorded as a tag naming the guest (phx-a-<hash8>-<vmid>), so a converged guest does not run it again, while a
// clone, whose config carries its source's record (PVE copies tags into snapshots and clones), runs it for its own id.
import { boundedExec, DEFAULT_TIMEOUT_S } from './bounded-exec.js';
import { guestOf } from './facts.js';
import { guestLabel, pushCommand, type GuestKind } from './guest-exec.js';
import { constant, int, obj, scriptSchema, str, vmidSchema } from './schema.js';
import { appliedApp, inheritedApp, joinTags, OWNER_TAG, splitTags, withApp } from './tags.js';
import { act, cmd, noop, runs, type TaskDef } from './types.js';

export interface AppParams {
  vmid: string; kind: GuestKind; file: string; script: string; sha256: string; attempts: number;
  /** Bound of one attempt in the guest, in seconds (default DEFAULT_TIMEOUT_S.application_script); see bounded-exec.ts. */
  timeoutS?: number;
}

export function appTask<K extends GuestKind>(k: K): TaskDef<AppParams, `${K}.app`> {
  const label = guestLabel(k);
  return {
    name: `${k}.app`,
    schema: obj({
      vmid: vmidSchema, kind: constant(k),
      // config/schemas `relPath`: relative, no `..` segment
      file: str({ pattern: '^(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9_.][A-Za-z0-9_./-]*$' }),
      script: scriptSchema.path, sha256: scriptSchema.sha256, attempts: int({ minimum: 1 }),
      timeoutS: int({ minimum: 1 }),
    }, ['vmid', 'kind', 'file', 'script', 'sha256', 'attempts']),
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
      const have = appliedApp(current, p.vmid);
      const want = p.sha256.slice(0, 8);
      if (have === want) return noop(`applied (${want})`);
      const dest = `/var/lib/phoenix/apps/${p.file}`;
      // the owner tag is kept (see feature.ts); an inherited record is dropped with the guest's own old one
      const tags = joinTags(withApp([...current, OWNER_TAG], p.sha256, p.vmid));
      const from = inheritedApp(current, p.vmid);
      const why = have ? `script changed (${have} -> ${want})`
        : from ? `run ${p.file} (the record ${from.vmid !== undefined ? `of ${from.vmid}` : 'without a guest id'} does not count for ${p.vmid})`
        : `run ${p.file}`;
      return act(
        runs(why),
        pushCommand(k, p.vmid, dest, { file: p.script, sha256: p.sha256 }),
        boundedExec(k, p.vmid, [dest, p.vmid], {
          label: `application script ${p.file}`,
          timeoutS: p.timeoutS ?? DEFAULT_TIMEOUT_S.application_script,
          retry: { attempts: p.attempts, intervalMs: 0 },
          log: `running ${p.file} in ${label} ${p.vmid}`,
          what: `application script ${p.file} in ${label} ${p.vmid}${p.attempts > 1 ? ` (${p.attempts} attempts)` : ''}`,
        }),
        cmd([k === 'lxc' ? 'pct' : 'qm', 'set', p.vmid, '--tags', tags]),
      );
    },
  };
}
