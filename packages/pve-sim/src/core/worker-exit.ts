// How a failure reaches the caller, per command: in the CLI process (exit 255), or in a synchronous worker whose
// error the CLI prints on stderr (PVE/RESTEnvironment.pm fork_worker, `$tee_worker`: `TASK ERROR: msg` -> stderr).
// A worker command registered with `$upid_exit` exits 255 when its task failed; the ones registered without it
// exit 0 whatever the task did (pve-container src/PVE/CLI/pct.pm and qemu-server src/PVE/CLI/qm.pm `$cmddef`:
// `pct resize`, `pct template`, `qm template`, `qm resize` = `qm disk resize`).

export type FailureKind = 'direct' | 'worker' | 'worker-exit-0';

/** Workers without `$upid_exit`: a failed task still exits 0. */
const EXIT_0: readonly string[][] = [['pct', 'resize'], ['pct', 'template'], ['qm', 'template'], ['qm', 'resize'], ['qm', 'disk', 'resize']];

/** Commands that run their work in a forked worker (`fork_worker` in their API2 handler). */
const WORKERS: Record<string, readonly string[]> = {
  pct: ['create', 'restore', 'destroy', 'start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume', 'clone', 'migrate',
    'move-volume', 'move_volume', 'snapshot', 'delsnapshot', 'rollback'],
  qm: ['create', 'destroy', 'clone', 'start', 'stop', 'reset', 'shutdown', 'reboot', 'suspend', 'resume', 'migrate',
    'snapshot', 'delsnapshot', 'rollback', 'move-disk', 'move_disk'],
};

export function failureKind(argv: readonly string[]): FailureKind {
  const [tool, sub] = argv;
  if (EXIT_0.some((p) => p.every((x, i) => argv[i] === x))) return 'worker-exit-0';
  if (tool === 'qm' && sub === 'disk' && argv[2] === 'move') return 'worker';
  return tool !== undefined && sub !== undefined && (WORKERS[tool] ?? []).includes(sub) ? 'worker' : 'direct';
}
