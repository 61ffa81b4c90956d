// Host-side scripts, the Bash original's contract (its lxc-manager.sh apply_features ran
// bin/lxc_setup/phoenix_hypervisor_feature_install_<name>.sh on the node as `SCRIPT CTID [bootstrap_ca_url]`, the
// script acting in the guest with `pct exec`, `pct push`, `pct pull`). Phoenix runs such a script on the guest's node,
// over the node's connection like every command:
// - the script arrives on stdin (checked against its planned sha256 by the runner), is written to a temporary file
//   made by `mktemp` on the node and removed when the wrapper ends (trap on EXIT);
// - it runs as `<tmpfile> CTID [bootstrap_ca_url]` under `env -i`: its environment is PATH (the node's, as a command
//   there sees it), PHOENIX_GUEST_ID, PHOENIX_NODE and the variables the inventory's `env:` sets for the node — nothing
//   of the operator's environment, no secret;
// - in a session of its own (`setsid`), bounded like in-guest work: TERM to its process group at the bound, KILL
//   KILL_GRACE_S later (exit 124, "timed out after 30m"); a TERM, INT or HUP to the wrapper (an abort over a local
//   connection) ends the group too (exit 130); its pid is kept in /run/lock/phoenix/host-<CTID>.pid (best effort)
//   so that an abort over SSH, where the remote command cannot be signalled, ends it with HOST_INTERRUPT.
// Every value is a positional parameter of constant scripts: no configuration value ever reaches a shell as code.
import { KILL_GRACE_S, cleanLabel } from './bounded-exec.js';
import { cmd, type Command, type Retry } from './types.js';

/** Where the wrapper records the running script's pid, start time and label on the node (best effort). */
export const hostPidFile = (vmid: string): string => `/run/lock/phoenix/host-${vmid}.pid`;

/**
 * $1 label, $2 seconds, $3 pid file, then `NAME=value` assignments, `--`, and the script's arguments.
 * Exit 124: timed out; 130: interrupted; 125: the temporary file could not be made.
 */
export const HOST_RUN = [
  'l=$1 t=$2 p=$3; shift 3',
  'command -v setsid >/dev/null 2>&1 || { echo "phoenix: $l not started: setsid is missing on the node" >&2; exit 127; }',
  'f=$(mktemp "${TMPDIR:-/tmp}/phoenix-host.XXXXXXXX") || { echo "phoenix: $l not started: mktemp failed" >&2; exit 125; }',
  'e=$f.end; trap \'rm -f "$f" "$e"\' EXIT',
  'cat >"$f" && chmod 0700 "$f" || { echo "phoenix: $l not started: cannot write $f" >&2; exit 125; }',
  // the arguments in order, the first `--` replaced by the script's path: env -i PATH=... NAME=value... $f args...
  'n=$# i=0 s=0',
  'while [ $i -lt $n ]; do a=$1; shift; if [ $s = 0 ] && [ "x$a" = x-- ]; then s=1; set -- "$@" "$f"; else set -- "$@" "$a"; fi; i=$((i+1)); done',
  '[ $s = 1 ] || exit 125',
  'setsid env -i PATH="$PATH" "$@" </dev/null & c=$!',
  "st() { [ -r /proc/$1/stat ] && sed 's/^.*) //' /proc/$1/stat | cut -d' ' -f20; }",
  // pid, start time, end marker, label: what HOST_INTERRUPT needs (the lock dir may be unwritable: best effort)
  'q=$(st $c); { mkdir -p "${p%/*}" && printf "%s %s %s %s\\n" $c "${q:--}" "$e" "$l" >"$p"; } 2>/dev/null',
  'trap \'echo interrupted >"$e"; kill -TERM -$c 2>/dev/null\' HUP INT TERM',
  '( i=0; while [ $i -lt $t ]; do sleep 1; kill -0 $c 2>/dev/null || exit 0; i=$((i+1)); done',
  `  echo timeout >"$e"; kill -TERM -$c 2>/dev/null; sleep ${KILL_GRACE_S}; kill -KILL -$c 2>/dev/null ) </dev/null >/dev/null 2>&1 & w=$!`,
  'wait $c; r=$?; while kill -0 $c 2>/dev/null; do wait $c; r=$?; done',
  'kill $w 2>/dev/null; x=$(cat "$e" 2>/dev/null); rm -f "$p" 2>/dev/null',
  'if [ $((t % 3600)) -eq 0 ]; then h=$((t / 3600))h; elif [ $((t % 60)) -eq 0 ]; then h=$((t / 60))m; else h=${t}s; fi',
  'case $x in timeout) echo "phoenix: $l timed out after $h; its processes on the node were ended" >&2; exit 124;;',
  '  interrupted) echo "phoenix: $l interrupted; its processes on the node were ended" >&2; exit 130;; esac',
  'exit $r',
].join('\n');

/** $1 pid file, $2 label: end the process group of the host script the pid file names, when it has that label. */
export const HOST_INTERRUPT = [
  'p=$1; [ -s "$p" ] || exit 0; read -r c s e l <"$p"; [ "$l" = "$2" ] || exit 0',
  `echo interrupted >"$e"; kill -TERM -$c 2>/dev/null || exit 0`,
  `i=0; while [ $i -lt ${KILL_GRACE_S} ] && kill -0 -$c 2>/dev/null; do sleep 1; i=$((i+1)); done`,
  'kill -KILL -$c 2>/dev/null; exit 0',
].join('\n');

export const HOST_RUN_NAME = 'phoenix-host';

/** The script's argv, the original's contract: CTID, plus bootstrap_ca_url only when the guest configures one. */
export const hostScriptArgs = (vmid: string, bootstrapCaUrl: string | undefined): string[] =>
  [vmid, ...(bootstrapCaUrl !== undefined && bootstrapCaUrl !== '' ? [bootstrapCaUrl] : [])];

/** The script's environment (besides PATH): the documented variables, then the node's inventory `env:`. */
export function hostScriptEnv(vmid: string, node: string, nodeEnv: Readonly<Record<string, string>> = {}): string[] {
  const own = { PHOENIX_GUEST_ID: vmid, PHOENIX_NODE: node };
  const out = Object.entries(nodeEnv).filter(([k]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && k !== 'PATH' && !(k in own)).map(([k, v]) => `${k}=${v}`);
  return [...out, ...Object.entries(own).map(([k, v]) => `${k}=${v}`)];
}

export interface HostScriptOpts {
  vmid: string;
  /** The PVE node name (PHOENIX_NODE). */
  node: string;
  nodeEnv?: Readonly<Record<string, string>>;
  script: { file: string; sha256: string };
  args: readonly string[];
  label: string;
  timeoutS: number;
  retry?: Retry;
  log?: string;
  what?: string;
}

/** Seconds the connection waits beyond the bound and the kill grace: a last resort, never the bound. */
const NODE_MARGIN_S = 60;

/** The argv of a host-side script run (tests and messages read it back with hostInnerArgs). */
export function hostRunArgv(label: string, timeoutS: number, vmid: string, env: readonly string[], args: readonly string[]): string[] {
  return ['/bin/sh', '-c', HOST_RUN, HOST_RUN_NAME, cleanLabel(label), String(timeoutS), hostPidFile(vmid), ...env, '--', ...args];
}

/** The script's arguments in a host-side run's argv; `undefined` when it is not one. */
export function hostInnerArgs(argv: readonly string[]): { env: string[]; args: string[] } | undefined {
  if (argv[2] !== HOST_RUN || argv[3] !== HOST_RUN_NAME) return undefined;
  const rest = argv.slice(7);
  const at = rest.indexOf('--');
  return at < 0 ? undefined : { env: rest.slice(0, at), args: rest.slice(at + 1) };
}

/** The command that runs a host-side script on the guest's node, with the interrupt that ends it on abort. */
export function hostScriptCommand(o: HostScriptOpts): Command {
  const label = cleanLabel(o.label);
  return cmd(hostRunArgv(label, o.timeoutS, o.vmid, hostScriptEnv(o.vmid, o.node, o.nodeEnv), o.args), {
    stdin: [{ file: o.script.file, sha256: o.script.sha256 }],
    timeoutMs: (o.timeoutS + KILL_GRACE_S + NODE_MARGIN_S) * 1000,
    ...(o.retry !== undefined ? { retry: o.retry } : {}),
    ...(o.log !== undefined ? { log: o.log } : {}),
    ...(o.what !== undefined ? { what: o.what } : {}),
    interrupt: cmd(['/bin/sh', '-c', HOST_INTERRUPT, 'phoenix-host-interrupt', hostPidFile(o.vmid), label], {
      timeoutMs: (KILL_GRACE_S + 15) * 1000,
      what: `ending ${label} on the node`,
    }),
  });
}
