// Commands that run argv inside a guest: `pct exec` for CTs, `qm guest exec` (agent) for VMs. Argv stays argv end
// to end; files travel on stdin (the runner reads and verifies them), never through a shell string.
import { cmd, type Command, type Retry, type StdinPart } from './types.js';

export type GuestKind = 'lxc' | 'vm';

export const guestLabel = (kind: GuestKind): 'CT' | 'VM' => (kind === 'lxc' ? 'CT' : 'VM');

export function guestArgv(kind: GuestKind, vmid: string, argv: readonly string[], withStdin: boolean, timeoutS = 1800): string[] {
  // `pct exec` execs lxc-attach: stdin, stdout and the exit code are the command's own (pve-container src/PVE/CLI/pct.pm `exec`)
  if (kind === 'lxc') return ['pct', 'exec', vmid, '--', ...argv];
  return ['qm', 'guest', 'exec', vmid, '--timeout', String(timeoutS), ...(withStdin ? ['--pass-stdin', '1'] : []), '--', ...argv];
}

/**
 * A fixed script (never data) that writes stdin to the path given as $1, creating its directory. Written beside it
 * and renamed into place: a copy of the script still running there (refused by bounded-exec.ts, but alive) keeps
 * reading the file it started with, never a half-rewritten one.
 */
export const WRITE_STDIN_TO = 'umask 022; t="$1.phx$$"; mkdir -p "${1%/*}" && cat > "$t" && chmod 0755 "$t" && mv -f "$t" "$1" || { rm -f "$t"; exit 1; }';

export interface ExecOpts {
  stdin?: StdinPart[];
  /** Connection-side timeout of the command. */
  timeoutMs?: number;
  /** `qm guest exec --timeout`: how long qm waits for the guest command (VMs only). */
  timeoutS?: number;
  retry?: Retry;
  log?: string;
  what?: string;
}

/**
 * argv run in the guest. For a VM the exit code that counts is the one inside qm's JSON: `qm guest exec` prints the
 * agent's exec status and exits 0 even when the guest command failed (qemu-server src/PVE/CLI/qm.pm `exec` with
 * `$print_agent_result`); `--pass-stdin` forwards at most 1 MiB of stdin (same function).
 */
export function execCommand(kind: GuestKind, vmid: string, argv: readonly string[], opts: ExecOpts = {}): Command {
  const { timeoutS, ...rest } = opts;
  return cmd(guestArgv(kind, vmid, argv, opts.stdin !== undefined, timeoutS), { ...rest, ...(kind === 'vm' ? { judge: 'agent' as const } : {}) });
}

/** Write a local script file (verified by its sha256 when sent) to `dest` in the guest, mode 0755. */
export function pushCommand(kind: GuestKind, vmid: string, dest: string, file: { file: string; sha256: string }): Command {
  return execCommand(kind, vmid, ['/bin/sh', '-c', WRITE_STDIN_TO, 'phoenix-push', dest], {
    stdin: [{ file: file.file, sha256: file.sha256 }],
    what: `writing ${dest} in ${guestLabel(kind)} ${vmid}`,
  });
}
