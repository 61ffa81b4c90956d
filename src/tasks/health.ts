// Health check and test suites: argv run inside the guest (never eval, never a shell string), bounded retries.
// In a converge they run only when something of the guest changed in this run; the `test` verb always runs them.
import { guestOf } from './facts.js';
import { execCommand, guestLabel, pushCommand, type GuestKind } from './guest-exec.js';
import { arr, bool, constant, int, obj, scriptSchema, str, vmidSchema } from './schema.js';
import { act, noop, runs, type Command, type TaskDef } from './types.js';

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
  /** Converge: only after a change of this guest in this run. */
  onlyAfterChange: boolean;
}

export function probeTask<K extends GuestKind, W extends 'health' | 'test'>(k: K, what: W): TaskDef<ProbeParams, `${K}.${W}`> {
  const label = guestLabel(k);
  return {
    name: `${k}.${what}`,
    schema: obj({
      vmid: vmidSchema, kind: constant(k), name: str({ minLength: 1 }),
      // after `--` of pct exec / qm guest exec: the guest's argv, any strings
      argv: arr(str(), { minItems: 1 }),
      script: obj({ ...scriptSchema, dest: str({ pattern: '^/[^\\r\\n\\x00]*$' }) }),
      retries: int({ minimum: 1 }), intervalS: int({ minimum: 0 }), onlyAfterChange: bool(),
    }, ['vmid', 'kind', 'name', 'argv', 'retries', 'intervalS', 'onlyAfterChange']),
    mutates: false,
    reconfigure: false,
    owned: false,
    reread: 'none',
    guests: (p) => [p.vmid],
    title: (p) => `${label} ${p.vmid}: ${what} ${p.name}`,
    plan(facts, p, env) {
      const g = guestOf(facts, p.vmid);
      if (!g) throw new Error(`${label} ${p.vmid} does not exist on ${facts.node}`);
      if (p.onlyAfterChange && !env.changedBefore) return noop('guest unchanged: not re-checked');
      if (g.status !== 'running') throw new Error(`${label} ${p.vmid} is ${g.status}: cannot run ${what} ${p.name}`);
      const commands: Command[] = [];
      let argv = p.argv;
      if (p.script) {
        commands.push(pushCommand(k, p.vmid, p.script.dest, { file: p.script.path, sha256: p.script.sha256 }));
        argv = [p.script.dest, ...p.argv.slice(1)];
      }
      commands.push(execCommand(k, p.vmid, argv, {
        timeoutMs: 10 * 60_000,
        retry: { attempts: p.retries, intervalMs: p.intervalS * 1000 },
        what: `${what} ${p.name} in ${label} ${p.vmid}${p.retries > 1 ? ` (${p.retries} attempts)` : ''}`,
      }));
      return act(runs(`${what} ${p.name}`), ...commands);
    },
  };
}
