// Host-side health checks, the original's check_nvidia.sh contract (its lxc-manager.sh run_health_check ran
// `bin/health_checks/check_nvidia.sh CTID` on the node): a health check whose command names
// `<scripts>/health/<x>.host.sh` runs on the guest's node as `<x>.host.sh CTID` (host-script.ts: pushed over stdin,
// a temporary file, a clean environment, bounded), exit 0 = healthy. Bounded retries like an in-guest check, and the
// same record (health-record.ts): written after a pass, removed before the check runs again, so a failed check keeps
// failing on every converge until it passes.
import { DEFAULT_TIMEOUT_S } from './bounded-exec.js';
import { guestOf } from './facts.js';
import { checkHash, passedHealth, withHealth, withoutHealth } from './health-record.js';
import { hostScriptCommand } from './host-script.js';
import { bool, int, nodeNameSchema, obj, scriptSchema, str, strMap, vmidSchema } from './schema.js';
import { joinTags, splitTags } from './tags.js';
import { act, cmd, noop, runs, type Command, type TaskDef } from './types.js';

export interface HostHealthParams {
  vmid: string;
  /** The script's file name (`check_nvidia.host.sh`). */
  name: string;
  /** health/<x>.host.sh relative to the scripts dir, and its sha256. */
  script: { path: string; sha256: string };
  /** The PVE node the CT runs on: PHOENIX_NODE. */
  node: string;
  nodeEnv?: Record<string, string>;
  /** Attempts in all (at least 1). */
  retries: number;
  intervalS: number;
  /** Converge: only after a change of this guest in this run, or while no pass is recorded. */
  onlyAfterChange: boolean;
  /** Bound of one attempt, in seconds (default DEFAULT_TIMEOUT_S.health_check). */
  timeoutS?: number;
}

/** `health`: the converge's check (records its pass); `test`: the `test` verb's run of it (a probe, writes nothing). */
export function hostProbeTask<W extends 'health' | 'test'>(what: W): TaskDef<HostHealthParams, `lxc.host-${W}`> {
  const records = what === 'health';
  return {
    name: `lxc.host-${what}`,
    schema: obj({
      vmid: vmidSchema, name: str({ pattern: '^[A-Za-z0-9_.-]+\\.host\\.sh$' }), script: obj(scriptSchema), node: nodeNameSchema, nodeEnv: strMap(),
      retries: int({ minimum: 1 }), intervalS: int({ minimum: 0 }), onlyAfterChange: bool(), timeoutS: int({ minimum: 1 }),
    }, ['vmid', 'name', 'script', 'node', 'retries', 'intervalS', 'onlyAfterChange']),
    mutates: false,
    reconfigure: false,
    // writing the record is acting on the guest: it must be Phoenix's (in a converge it is by then)
    owned: records,
    reread: records ? 'guest' : 'none',
    guests: (p) => [p.vmid],
    title: (p) => `CT ${p.vmid}: ${what} ${p.name} (host-side)`,
    plan(facts, p, env) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`CT ${p.vmid} does not exist on ${facts.node}`);
      const tags = splitTags(g.config.tags);
      // the argv names the contract: a check moved between host and guest is another check
      const hash = checkHash(['host', p.name], p.script.sha256);
      const passed = records ? passedHealth(tags, p.vmid) : undefined;
      if (p.onlyAfterChange && !env.changedBefore) {
        if (!records) return noop('guest unchanged: not re-checked');
        if (passed === hash) return noop(`guest unchanged, passed before (${hash}): not re-checked`);
      }
      if (g.status !== 'running') throw new Error(`CT ${p.vmid} is ${g.status}: cannot run health ${p.name}`);
      const set = (t: string[]): Command => cmd(['pct', 'set', p.vmid, '--tags', joinTags(t)]);
      const commands: Command[] = [];
      // the old pass goes first: if this run's check fails, no record says it passed
      if (records && passed !== undefined) commands.push(set(withoutHealth(tags, p.vmid)));
      commands.push(hostScriptCommand({
        vmid: p.vmid, node: p.node, ...(p.nodeEnv !== undefined ? { nodeEnv: p.nodeEnv } : {}),
        script: { file: p.script.path, sha256: p.script.sha256 }, args: [p.vmid],
        label: `host ${what} ${p.name} for CT ${p.vmid}`,
        timeoutS: p.timeoutS ?? DEFAULT_TIMEOUT_S.health_check,
        retry: { attempts: p.retries, intervalMs: p.intervalS * 1000 },
        what: `host-side ${what} ${p.name} for CT ${p.vmid}${p.retries > 1 ? ` (${p.retries} attempts)` : ''}`,
      }));
      if (records) commands.push(set(withHealth(passed !== undefined ? withoutHealth(tags, p.vmid) : tags, hash, p.vmid)));
      const why = !records || env.changedBefore || !p.onlyAfterChange ? `${what} ${p.name} on the node`
        : passed !== undefined ? `health ${p.name}: the check changed (${passed} -> ${hash})`
        : `health ${p.name}: no passing record (it failed or never ran)`;
      return act(runs(why), ...commands);
    },
  };
}
