// Hypervisor test suites (`tests.<suite>[]` of the hypervisor config): the script runs on the node, fed on stdin
// to the interpreter its shebang names, so nothing has to be copied to the node first.
import { none, runs, type TaskDef } from './types.js';

export interface HostTestParams { suite: string; name: string; script: string; sha256: string }

export function interpreterOf(script: string): string[] {
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(script);
  if (!m) return ['/bin/sh', '-s'];
  return m[1] === '/usr/bin/env' && m[2] ? [m[2], '-s'] : [m[1]!, '-s'];
}

export const hostTest: TaskDef<HostTestParams> = {
  name: 'host.test',
  mutates: false,
  title: (p) => `test ${p.suite}/${p.name}`,
  check: (_facts, p, env) => (env?.check ? none('not run in check mode') : runs(`${p.suite}/${p.name}`)),
  async apply(ctx, p) {
    const script = await ctx.readLocal(p.script, p.sha256);
    const r = await ctx.probe(interpreterOf(script), { stdin: script, timeoutMs: 30 * 60_000 });
    if (r.code !== 0) {
      const tail = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
      throw new Error(`test ${p.suite}/${p.name} failed on ${ctx.facts.node} (exit ${r.code})${tail ? `: ${tail}` : ''}`);
    }
  },
};
