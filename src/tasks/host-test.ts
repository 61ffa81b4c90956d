// Hypervisor test suites (`tests.<suite>[]` of the hypervisor config): the script runs on the node, fed on stdin
// to the interpreter its shebang names, so nothing has to be copied to the node first. The plan cannot read the
// script, so the compiler names the interpreter in the params (interpreterOf on the script text).
import { DEFAULT_TIMEOUT_S, KILL_GRACE_S } from './bounded-exec.js';
import { int, obj, scriptSchema, str } from './schema.js';
import { act, cmd, runs, type TaskDef } from './types.js';

export interface HostTestParams {
  suite: string; name: string; script: string; sha256: string; interpreter: string;
  /** Bound of the test on the node, in seconds (default DEFAULT_TIMEOUT_S.tests). */
  timeoutS?: number;
}

/**
 * $1 label, $2 seconds, then the interpreter's argv. coreutils `timeout` runs it in a process group of its own and
 * ends that group at the deadline (TERM, KILL after the grace); a TERM to this shell (the runner's abort ends the
 * command's process group) is passed on to `timeout`, which passes it on to its group. stdin (the script) goes
 * through to the interpreter.
 */
export const HOST_BOUNDED = [
  'l=$1 t=$2; shift 2; exec 3<&0',
  `timeout -k ${KILL_GRACE_S} $t "$@" <&3 3<&- & p=$!`,
  "trap 'x=1; kill -TERM $p 2>/dev/null' HUP INT TERM",
  'wait $p; r=$?; while kill -0 $p 2>/dev/null; do wait $p; r=$?; done',
  '[ -n "$x" ] && { echo "phoenix: $l interrupted; its processes were ended" >&2; exit 130; }',
  '[ $r -eq 124 ] && echo "phoenix: $l timed out after ${t}s; its processes were ended" >&2',
  'exit $r',
].join('\n');

/** The program a script's shebang names (`#!/usr/bin/env bash` -> `bash`); `/bin/sh` when it has none. */
export function interpreterOf(script: string): string {
  const m = /^#!([^\n]*)/.exec(script);
  const words = (m?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const prog = words[0];
  if (!prog) return '/bin/sh';
  if (prog !== '/usr/bin/env' && prog !== '/bin/env') return prog;
  // env's own options (-S, -i, …) and VAR=value assignments come before the program
  return words.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? '/bin/sh';
}

export const hostTest: TaskDef<HostTestParams, 'host.test'> = {
  name: 'host.test',
  schema: obj({
    suite: str({ minLength: 1 }),
    name: str(),
    script: scriptSchema.path,
    sha256: scriptSchema.sha256,
    // argv[0] on the node: a program, never something that reads as an option
    interpreter: str({ pattern: '^[^-\\s\\x00-\\x1f][^\\s\\x00-\\x1f]*$' }),
    timeoutS: int({ minimum: 1 }),
  }, ['suite', 'name', 'script', 'sha256', 'interpreter']),
  mutates: false,
  reconfigure: false,
  owned: false,
  reread: 'none',
  guests: () => [],
  title: (p) => `test ${p.suite}/${p.name}`,
  plan: (facts, p) => act(
    runs(`${p.suite}/${p.name}`),
    cmd(['/bin/sh', '-c', HOST_BOUNDED, 'phoenix-test', `test ${p.suite}/${p.name}`.replace(/[^\x20-\x7e]/g, '?'), String(p.timeoutS ?? DEFAULT_TIMEOUT_S.tests), p.interpreter, '-s'], {
      stdin: [{ file: p.script, sha256: p.sha256 }],
      // a last resort: the node's `timeout` ends the test first
      timeoutMs: ((p.timeoutS ?? DEFAULT_TIMEOUT_S.tests) + KILL_GRACE_S + 60) * 1000,
      log: `test ${p.suite}/${p.name} on ${facts.node}`,
      what: `test ${p.suite}/${p.name}`,
    }),
  ),
};
