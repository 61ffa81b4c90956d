// Hypervisor test suites (`tests.<suite>[]` of the hypervisor config): the script runs on the node, fed on stdin
// to the interpreter its shebang names, so nothing has to be copied to the node first. The plan cannot read the
// script, so the compiler names the interpreter in the params (interpreterOf on the script text).
import { obj, scriptSchema, str } from './schema.js';
import { act, cmd, runs, type TaskDef } from './types.js';

export interface HostTestParams { suite: string; name: string; script: string; sha256: string; interpreter: string }

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
  }),
  mutates: false,
  reconfigure: false,
  owned: false,
  reread: 'none',
  guests: () => [],
  title: (p) => `test ${p.suite}/${p.name}`,
  plan: (facts, p) => act(
    runs(`${p.suite}/${p.name}`),
    cmd([p.interpreter, '-s'], {
      stdin: [{ file: p.script, sha256: p.sha256 }],
      timeoutMs: 30 * 60_000,
      log: `test ${p.suite}/${p.name} on ${facts.node}`,
      what: `test ${p.suite}/${p.name}`,
    }),
  ),
};
