// In-guest work with a bound: every feature, application, health and test script runs in the guest under a fixed
// wrapper (RUN_BOUNDED) that
// - refuses, naming it, while another Phoenix script still runs in that guest (also one whose wrapper is gone: the
//   pid file names it), and takes the guest's Phoenix lock (a directory /run/lock/phoenix/run.lck, atomic mkdir,
//   its owner recorded so that a lock left by a killed wrapper is taken over);
// - starts the script in a session of its own (`setsid`: its pid is its process group), records pid, start time
//   and label in /run/lock/phoenix/run.pid, and ends the whole process group at the deadline (TERM, then KILL);
// - says why it ended: `timed out after 30m` (exit 124) or `interrupted` (exit 130).
// The wrapper bounds the work inside the guest because nothing on the node can: `pct exec` execs `lxc-attach`
// (pve-container src/PVE/CLI/pct.pm:215 `exec`, :250-253), and killing it leaves the attached process running in
// the container; `qm guest exec --timeout` only stops waiting ("timeout reached, returning pid", the guest process
// runs on: qemu-server src/PVE/CLI/qm.pm:1036-1050 `exec`, the agent's guest-exec/exec-status in
// src/PVE/QemuServer/Agent.pm:125 qemu_exec, :153 qemu_exec_status). On abort the runner sends the command's
// `interrupt` (INTERRUPT): it ends the process group the pid file names, if the label matches.
// Needs sh and setsid in the guest (util-linux on Debian/Ubuntu/RHEL, busybox elsewhere; not flock, which some
// busybox builds lack); both scripts are constant text, every value arrives as a positional parameter.
import { guestArgv, type GuestKind } from './guest-exec.js';
import { cmd, type Command, type Retry, type StdinPart } from './types.js';

/** Default bounds of in-guest work, in seconds; the configuration overrides them (`script_timeouts`). */
export const DEFAULT_TIMEOUT_S = { features: 1800, application_script: 1800, health_check: 300, tests: 300 } as const;

/** Seconds between TERM and KILL of a script's process group. */
export const KILL_GRACE_S = 5;

/** Where the wrapper keeps its lock, pid file and end marker in the guest (tmpfs: gone with a reboot). */
export const LOCK_DIR = '/run/lock/phoenix';

/** $1 label, $2 seconds, then the argv to run. Exit 75: another Phoenix script runs; 124: timed out; 130: interrupted. */
export const RUN_BOUNDED = [
  'l=$1 t=$2; shift 2',
  `d=${LOCK_DIR} p=${LOCK_DIR}/run.pid e=${LOCK_DIR}/run.end k=${LOCK_DIR}/run.lck`,
  'command -v setsid >/dev/null 2>&1 || { echo "phoenix: $l not started: setsid is missing in the guest" >&2; exit 127; }',
  'mkdir -p $d || exit 125',
  "st() { [ -r /proc/$1/stat ] && sed 's/^.*) //' /proc/$1/stat | cut -d' ' -f20; }",
  // alive: the pid runs and, where /proc tells, started when it was recorded (not a reused pid)
  'up() { kill -0 "$1" 2>/dev/null && { [ "$2" = - ] || [ ! -r /proc/$1/stat ] || [ "$(st $1)" = "$2" ]; }; }',
  'busy() { echo "phoenix: $l not started: $1 still runs in this guest; wait for it to end or stop it" >&2; exit 75; }',
  // a copy that still runs, also one whose wrapper is gone: the pid file names it
  'if [ -s $p ]; then read -r op os ol <$p; up "$op" "$os" && busy "$ol (pid $op)"; fi',
  // the lock (mkdir is atomic; flock is not in every guest): its owner is a live wrapper, or it is stale
  'if ! mkdir $k 2>/dev/null; then wp=; { read -r wp ws <$k/owner; } 2>/dev/null',
  '  { [ -z "$wp" ] || up "$wp" "${ws:--}"; } && busy "another Phoenix script (its wrapper${wp:+, pid $wp}${wp:-; or $k was left behind: remove it})"',
  '  rm -rf $k; mkdir $k 2>/dev/null || busy "another Phoenix script"; fi',
  'trap "rm -rf $k" EXIT; s=$(st $$); echo "$$ ${s:--}" >$k/owner',
  'rm -f $e; exec 3<&0',
  'setsid "$@" <&3 3<&- & c=$!',
  's=$(st $c); printf "%s %s %s\\n" $c "${s:--}" "$l" >$p',
  'trap \'echo interrupted >$e; kill -TERM -$c 2>/dev/null\' HUP INT TERM',
  '( i=0; while [ $i -lt $t ]; do sleep 1; kill -0 $c 2>/dev/null || exit 0; i=$((i+1)); done',
  `  echo timeout >$e; kill -TERM -$c 2>/dev/null; sleep ${KILL_GRACE_S}; kill -KILL -$c 2>/dev/null ) </dev/null >/dev/null 2>&1 3<&- & w=$!`,
  'wait $c; r=$?; while kill -0 $c 2>/dev/null; do wait $c; r=$?; done',
  'kill $w 2>/dev/null; x=$(cat $e 2>/dev/null); rm -f $p $e',
  'if [ $((t % 3600)) -eq 0 ]; then h=$((t / 3600))h; elif [ $((t % 60)) -eq 0 ]; then h=$((t / 60))m; else h=${t}s; fi',
  'case $x in timeout) echo "phoenix: $l timed out after $h; its processes in the guest were ended" >&2; exit 124;;',
  '  interrupted) echo "phoenix: $l interrupted; its processes in the guest were ended" >&2; exit 130;; esac',
  'exit $r',
].join('\n');

/** $1 label: end the process group of the script the pid file names, when it is the one with that label. */
export const INTERRUPT = [
  `p=${LOCK_DIR}/run.pid; [ -s $p ] || exit 0; read -r c s l <$p; [ "$l" = "$1" ] || exit 0`,
  `echo interrupted >${LOCK_DIR}/run.end; kill -TERM -$c 2>/dev/null || exit 0`,
  `i=0; while [ $i -lt ${KILL_GRACE_S} ] && kill -0 -$c 2>/dev/null; do sleep 1; i=$((i+1)); done`,
  'kill -KILL -$c 2>/dev/null; exit 0',
].join('\n');

/** argv[0] of the wrapper in the guest's process list and messages. */
export const RUN_NAME = 'phoenix-run';

/** One line of printable text: the label is compared word for word by INTERRUPT and read back from the pid file. */
export const cleanLabel = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?').replace(/\s+/g, ' ').trim().slice(0, 160);

/** What a bounded command runs in the guest: the wrapper around `argv`. */
export const boundedArgv = (label: string, timeoutS: number, argv: readonly string[]): string[] =>
  ['/bin/sh', '-c', RUN_BOUNDED, RUN_NAME, cleanLabel(label), String(timeoutS), ...argv];

/** The argv a bounded guest command runs inside the wrapper (tests, messages); `undefined` when it is not one. */
export function innerArgv(argv: readonly string[]): string[] | undefined {
  const at = argv.indexOf(RUN_BOUNDED);
  // /bin/sh -c RUN_BOUNDED phoenix-run <label> <seconds> argv...
  return at > 0 && argv[at + 1] === RUN_NAME ? argv.slice(at + 4) : undefined;
}

export interface BoundedOpts {
  /** What runs ("application script ca.sh"): named when a second copy is refused, and by the interrupt. */
  label: string;
  timeoutS: number;
  stdin?: StdinPart[];
  retry?: Retry;
  log?: string;
  what?: string;
}

/** Seconds `qm guest exec` waits beyond the script's bound, so the wrapper's own answer comes back through qm. */
const QM_MARGIN_S = KILL_GRACE_S + 25;
/** Seconds the connection waits beyond that (pct/qm start-up, the node's load): a last resort, never the bound. */
const NODE_MARGIN_S = 60;

/**
 * `argv` run in guest `vmid` under the wrapper, bounded by `timeoutS`, with the command that ends it on abort.
 * A VM's exit code is the one inside qm's JSON (`judge: 'agent'`, see guest-exec.ts execCommand).
 */
export function boundedExec(kind: GuestKind, vmid: string, argv: readonly string[], o: BoundedOpts): Command {
  const label = cleanLabel(o.label);
  const qmWait = o.timeoutS + QM_MARGIN_S;
  const inGuest = boundedArgv(label, o.timeoutS, argv);
  const agent = kind === 'vm' ? { judge: 'agent' as const } : {};
  return cmd(guestArgv(kind, vmid, inGuest, o.stdin !== undefined, qmWait), {
    ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
    timeoutMs: (qmWait + NODE_MARGIN_S) * 1000,
    ...(o.retry !== undefined ? { retry: o.retry } : {}),
    ...(o.log !== undefined ? { log: o.log } : {}),
    ...(o.what !== undefined ? { what: o.what } : {}),
    ...agent,
    interrupt: cmd(guestArgv(kind, vmid, ['/bin/sh', '-c', INTERRUPT, 'phoenix-interrupt', label], false, KILL_GRACE_S + 15), {
      timeoutMs: (KILL_GRACE_S + 15 + NODE_MARGIN_S) * 1000,
      ...agent,
      what: `ending ${label} in ${kind === 'lxc' ? 'CT' : 'VM'} ${vmid}`,
    }),
  });
}

/** A wrapper's failure that must not be tried again: it timed out, was interrupted, or another copy runs. */
// (`on the node`: a host-side script, src/tasks/host-script.ts)
export const BOUNDED_FINAL = /^phoenix: .*(?: timed out after \S+; its processes (?:in the guest|on the node) were ended| interrupted; its processes (?:in the guest|on the node) were ended| not started: .* still runs in this guest;)/m;
