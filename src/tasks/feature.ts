// Features: `<scripts>/features/<name>.sh`, pushed into the guest and run there. The record (name + short hash)
// is a tag in the guest's own config: a re-run is a no-op, a clone inherits its template's record, a changed
// script runs again.
import { boundedExec, DEFAULT_TIMEOUT_S } from './bounded-exec.js';
import { guestOf } from './facts.js';
import { guestLabel, pushCommand, type GuestKind } from './guest-exec.js';
import { constant, int, obj, scriptSchema, str, vmidSchema } from './schema.js';
import { appliedFeatures, joinTags, OWNER_TAG, splitTags, withFeature } from './tags.js';
import { act, cmd, noop, runs, type TaskDef } from './types.js';

export interface FeatureParams {
  vmid: string; kind: GuestKind; name: string; script: string; sha256: string;
  /** Bound of the run in the guest, in seconds (default DEFAULT_TIMEOUT_S.features); see bounded-exec.ts. */
  timeoutS?: number;
}

/** Where a feature's script lands in the guest. */
export const featureDest = (name: string): string => `/var/lib/phoenix/features/${name}.sh`;

export function featureTask<K extends GuestKind>(k: K): TaskDef<FeatureParams, `${K}.feature`> {
  const label = guestLabel(k);
  return {
    name: `${k}.feature`,
    schema: obj({
      vmid: vmidSchema, kind: constant(k), name: str({ pattern: '^[A-Za-z0-9_.-]+$' }), script: scriptSchema.path, sha256: scriptSchema.sha256,
      timeoutS: int({ minimum: 1 }),
    }, ['vmid', 'kind', 'name', 'script', 'sha256']),
    mutates: true,
    reconfigure: true,
    owned: true,
    reread: 'guest',
    guests: (p) => [p.vmid],
    title: (p) => `${label} ${p.vmid}: feature ${p.name}`,
    plan(facts, p) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      const current = splitTags(g.config.tags);
      const have = appliedFeatures(current).get(p.name.toLowerCase());
      const want = p.sha256.slice(0, 8);
      if (have === want) return noop(`applied (${want})`);
      const dest = featureDest(p.name);
      // the record replaces this feature's old one and keeps every other tag; the owner tag too, since the runner
      // adopts a guest (--adopt) after this plan was made, and a task that acts on a guest leaves it Phoenix's
      const tags = joinTags(withFeature([...current, OWNER_TAG], p.name, p.sha256));
      return act(
        runs(have ? `script changed (${have} -> ${want}): run again` : `run ${p.name}`),
        pushCommand(k, p.vmid, dest, { file: p.script, sha256: p.sha256 }),
        boundedExec(k, p.vmid, [dest], {
          label: `feature ${p.name}`,
          timeoutS: p.timeoutS ?? DEFAULT_TIMEOUT_S.features,
          log: `running ${p.name} in ${label} ${p.vmid}`,
          what: `feature ${p.name} in ${label} ${p.vmid}`,
        }),
        cmd([k === 'lxc' ? 'pct' : 'qm', 'set', p.vmid, '--tags', tags]),
      );
    },
  };
}
