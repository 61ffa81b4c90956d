// What a Proxmox command that SUCCEEDED printed that the user should read: its warnings. Where PVE prints them
// (paths relative to the repositories of ../shared/tools/realpve/proxmox-src.tar.xz):
// - A command that runs in the CLI process (`pct set`, `qm set`, `pvesm set`) `warn`s on its stderr: every
//   line of a successful command's stderr is news (`pct set` on a running CT with lxc.apparmor.profile prints
//   `explicitly configured lxc.apparmor.profile overrides the following settings: features:nesting` there,
//   pve-container src/PVE/LXC.pm:689).
// - A command that forks a worker (start, stop, clone, resize, template, ...) runs it with its STDERR joined to
//   its STDOUT (pve-common src/PVE/RESTEnvironment.pm:625 fork_worker), and the CLI copies that task log to its
//   own stdout ($tee_worker, :445). So a worker's warnings arrive on STDOUT, mixed with its progress, and carry
//   no marker (`warn` is plain Perl): `pct start` prints the apparmor text above on stdout (measured on the
//   real node, rpve), `pct resize` of a running CT prints `Failed to update the container's filesystem: ...`
//   there and exits 0 (pve-container src/PVE/API2/LXC.pm:2455). Phoenix takes from stdout the lines that read
//   as a warning: PVE's `WARN: ` prefix (RESTEnvironment.pm:757, :767, log_warn / $rpcenv->warn) and the
//   wording of a warning (fail, unable, cannot, error, denied, overrides, ...). Progress lines (`extracting
//   archive`, `Total bytes read`, `Formatting ...`, `scsi0: successfully created disk ...`) are not warnings.
// Left out as noise:
// - empty lines;
// - what a carriage return overwrote: a progress bar redraws its line with \r, a terminal shows the last state
//   (a CRLF line ending is just a line ending);
// - lock-wait progress of a lock that was then acquired (the command succeeded): `trying to acquire lock...`,
//   ` OK` (pve-common src/PVE/Tools.pm:218, :231 lock_file_full) and `trying to acquire cfs lock '<id>' ...`
//   (pve-cluster src/PVE/Cluster.pm:649 $cfs_lock);
// - everything of `pct exec`: its stdout and stderr are the guest program's (feature scripts: apt and curl
//   progress), not Proxmox's. (`qm guest exec` is judged by its JSON; only qm's own stderr is read.)
// Each line is escaped as quote.ts displayArgv escapes control characters, so no line can start a fake line of
// the output, and at most MAX_WARNINGS lines are kept per command (a chatty command cannot flood the summary).
import type { ExecResult } from './connection.js';

export const MAX_WARNINGS = 20;
const MAX_LINE = 400;

const LOCK_WAIT = [/^trying to acquire lock\.\.\.$/, /^(?:OK|failed)$/, /^trying to acquire cfs lock '[^']*' \.\.\.$/];
const WARNING_WORDS = /^WARN(?:ING)?:|\b(?:warn(?:ing|s)?|fail(?:s|ed|ure)?|unable|cannot|can't|could not|error|denied|overrid(?:e|es|den)|ignor(?:e|ed|ing)|not supported|deprecated)\b/i;

/** Control characters shown as \n, \r, \t, \xNN (quote.ts displayArgv's rule): a value never starts a line of its own. */
export function displayText(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The lines of `text` a terminal would show, without the noise above, trimmed at the end. */
export function meaningfulLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const bare = line.endsWith('\r') ? line.slice(0, -1) : line; // CRLF
    const shown = bare.slice(bare.lastIndexOf('\r') + 1).trimEnd();
    if (!shown.trim()) continue;
    if (LOCK_WAIT.some((r) => r.test(shown.trim()))) continue;
    out.push(shown);
  }
  return out;
}

const isGuestProgram = (argv: readonly string[]): boolean => argv[0] === 'pct' && argv[1] === 'exec';

/** The warnings of a command `argv` that exited 0 with this output, escaped, at most MAX_WARNINGS (+ a count). */
export function warningsOf(argv: readonly string[], r: Pick<ExecResult, 'stdout' | 'stderr'>): string[] {
  if (isGuestProgram(argv)) return [];
  const lines = [...meaningfulLines(r.stderr), ...meaningfulLines(r.stdout).filter((l) => WARNING_WORDS.test(l))];
  const shown = lines.slice(0, MAX_WARNINGS).map((l) => {
    const e = displayText(l);
    return e.length > MAX_LINE ? `${e.slice(0, MAX_LINE)}…` : e;
  });
  if (lines.length > MAX_WARNINGS) shown.push(`(${lines.length - MAX_WARNINGS} more lines not shown)`);
  return shown;
}
