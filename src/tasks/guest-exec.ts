// Run argv inside a guest: `pct exec` for CTs, `qm guest exec` (agent) for VMs. Argv stays argv end to end.
import type { ApplyContext } from './types.js';

export type GuestKind = 'lxc' | 'vm';
export interface GuestRun { code: number; stdout: string; stderr: string }

interface AgentExec { exitcode?: number; exited?: number | boolean; 'out-data'?: string; 'err-data'?: string }

export function guestArgv(kind: GuestKind, vmid: string, argv: readonly string[], withStdin: boolean, timeoutS = 1800): string[] {
  if (kind === 'lxc') return ['pct', 'exec', vmid, '--', ...argv];
  return ['qm', 'guest', 'exec', vmid, '--timeout', String(timeoutS), ...(withStdin ? ['--pass-stdin', '1'] : []), '--', ...argv];
}

export async function guestExec(ctx: ApplyContext, kind: GuestKind, vmid: string, argv: readonly string[], opts: { stdin?: string; timeoutMs?: number } = {}): Promise<GuestRun> {
  const r = await ctx.probe(guestArgv(kind, vmid, argv, opts.stdin !== undefined), opts);
  if (kind === 'lxc') return r;
  if (r.code !== 0) return r;
  let j: AgentExec;
  try { j = JSON.parse(r.stdout) as AgentExec; } catch { return { code: 1, stdout: r.stdout, stderr: `unexpected qm guest exec output: ${r.stdout.slice(0, 200)}` }; }
  if (!j.exited) return { code: 124, stdout: j['out-data'] ?? '', stderr: 'the command was still running when qm guest exec stopped waiting' };
  return { code: j.exitcode ?? 1, stdout: j['out-data'] ?? '', stderr: j['err-data'] ?? '' };
}

/** A fixed script (never data) that writes stdin to the path given as $1, creating its directory. */
export const WRITE_STDIN_TO = 'umask 022; mkdir -p "${1%/*}" && cat > "$1" && chmod 0755 "$1"';

export async function pushViaStdin(ctx: ApplyContext, kind: GuestKind, vmid: string, path: string, content: string): Promise<void> {
  const r = await guestExec(ctx, kind, vmid, ['/bin/sh', '-c', WRITE_STDIN_TO, 'phoenix-push', path], { stdin: content });
  if (r.code !== 0) throw new Error(`could not write ${path} in ${kind === 'lxc' ? 'CT' : 'VM'} ${vmid}: ${r.stderr.trim() || `exit ${r.code}`}`);
}
