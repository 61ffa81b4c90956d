// Health check and test suites: argv run inside the guest (never eval, never a shell string), bounded retries, each
// attempt bounded in time (bounded-exec.ts). In a converge the health check runs after something of the guest changed
// in this run, and whenever the guest has no record of its passing (health-record.ts): a check that failed keeps the
// guest failed, and its dependants blocked, on every later run until it passes. The `test` verb always runs them and
// writes no record (a probe: it changes nothing).
import { boundedExec, DEFAULT_TIMEOUT_S } from './bounded-exec.js';
import { guestOf } from './facts.js';
import { guestLabel, pushCommand, type GuestKind } from './guest-exec.js';
import { checkHash, passedHealth, withHealth, withoutHealth } from './health-record.js';
import { arr, bool, constant, int, obj, scriptSchema, str, vmidSchema } from './schema.js';
import { joinTags, splitTags } from './tags.js';
import { act, cmd, noop, runs, type Command, type TaskDef } from './types.js';

export interface ProbeParams {
  vmid: string;
  kind: GuestKind;
  name: string;
  /** argv run in the guest; when `script` is set, argv[0] is replaced by the pushed script's path. */
  argv: string[];
  script?: { path: string; sha256: string; dest: string };
  /** Attempts in all (at least 1). */
  retries: number;
  intervalS: number;
  /** Converge: only after a change of this guest in this run (or while no pass is recorded, for a health check). */
  onlyAfterChange: boolean;
  /** Bound of one attempt, in seconds (default: DEFAULT_TIMEOUT_S health_check / tests). */
  timeoutS?: number;
}

export function probeTask<K extends GuestKind, W extends 'health' | 'test'>(k: K, what: W): TaskDef<ProbeParams, `${K}.${W}`> {
  const label = guestLabel(k);
  // the converge's health check keeps its record in the guest's tags; a `test` step only reads
  const records = what === 'health';
  return {
    name: `${k}.${what}`,
    schema: obj({
      vmid: vmidSchema, kind: constant(k), name: str({ minLength: 1 }),
      // after `--` of pct exec / qm guest exec: the guest's argv, any strings
      argv: arr(str(), { minItems: 1 }),
      script: obj({ ...scriptSchema, dest: str({ pattern: '^/[^\\r\\n\\x00]*$' }) }),
      retries: int({ minimum: 1 }), intervalS: int({ minimum: 0 }), onlyAfterChange: bool(),
      timeoutS: int({ minimum: 1 }),
    }, ['vmid', 'kind', 'name', 'argv', 'retries', 'intervalS', 'onlyAfterChange']),
    mutates: false,
    reconfigure: false,
    // writing the record is acting on the guest: it must be Phoenix's (in a converge it is by then)
    owned: records,
    reread: records ? 'guest' : 'none',
    guests: (p) => [p.vmid],
    title: (p) => `${label} ${p.vmid}: ${what} ${p.name}`,
    plan(facts, p, env) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      const tags = splitTags(g.config.tags);
      const hash = checkHash(p.argv, p.script?.sha256);
      const passed = records ? passedHealth(tags, p.vmid) : undefined;
      if (p.onlyAfterChange && !env.changedBefore) {
        if (!records) return noop('guest unchanged: not re-checked');
        if (passed === hash) return noop(`guest unchanged, passed before (${hash}): not re-checked`);
      }
      if (g.status !== 'running') throw new Error(`${label} ${p.vmid} is ${g.status}: cannot run ${what} ${p.name}`);
      const set = (t: string[]): Command => cmd([k === 'lxc' ? 'pct' : 'qm', 'set', p.vmid, '--tags', joinTags(t)]);
      const commands: Command[] = [];
      // the old pass goes first: if this run's check fails, no record says it passed
      if (records && passed !== undefined) commands.push(set(withoutHealth(tags, p.vmid)));
      let argv = p.argv;
      if (p.script) {
        commands.push(pushCommand(k, p.vmid, p.script.dest, { file: p.script.path, sha256: p.script.sha256 }));
        argv = [p.script.dest, ...p.argv.slice(1)];
      }
      commands.push(boundedExec(k, p.vmid, argv, {
        label: `${what} ${p.name}`,
        timeoutS: p.timeoutS ?? (records ? DEFAULT_TIMEOUT_S.health_check : DEFAULT_TIMEOUT_S.tests),
        retry: { attempts: p.retries, intervalMs: p.intervalS * 1000 },
        what: `${what} ${p.name} in ${label} ${p.vmid}${p.retries > 1 ? ` (${p.retries} attempts)` : ''}`,
      }));
      // PVE applies `tags` at once, also on a running VM (qemu-server src/PVE/QemuServer.pm:4594 $fast_plug_option)
      if (records) commands.push(set(withHealth(passed !== undefined ? withoutHealth(tags, p.vmid) : tags, hash, p.vmid)));
      const why = !records || env.changedBefore || !p.onlyAfterChange ? `${what} ${p.name}`
        : passed !== undefined ? `${what} ${p.name}: the check changed (${passed} -> ${hash})`
        : `${what} ${p.name}: no passing record (it failed or never ran)`;
      return act(runs(why), ...commands);
    },
  };
}
