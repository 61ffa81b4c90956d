// Error classes of Proxmox commands (DESIGN §6): transient -> retry, already-done -> re-check, else permanent.
// The transient rules are the texts the Proxmox Perl sources die with when the work could not START (a lock not
// acquired, no quorum, a storage or a peer briefly away), so sending the same command again is safe; each rule
// cites where PVE prints it (paths relative to the repositories of ../shared/tools/realpve/proxmox-src.tar.xz,
// see its VERSIONS). A command that failed half-way is not retried blindly: its text stays permanent and the
// re-read decides. Rules are not anchored: a worker's error arrives after its log lines, often wrapped
// (`clone failed: cfs-lock ...`, pve-container src/PVE/API2/LXC.pm:2280).
export type ErrorClass = 'transient' | 'already-done' | 'permanent';

export interface Rule { re: RegExp; source: string }

export const TRANSIENT: readonly Rule[] = [
  {
    // `cfs-lock '<lockid>' error: <err>` is added only to errors of the locking itself ("add lock info for plain
    // errors comming from the locking itself"), never to errors of the locked code, so nothing ran. <err> is
    // `got lock request timeout` (:628), `pve cluster filesystem not online.` (:625) or `no quorum!` (:671). Every
    // cfs_lock_* (file, storage `storage-<id>`, domain, acme, authkey, firewall) goes through $cfs_lock.
    re: /cfs-lock '[^']*' error: /,
    source: 'pve-cluster src/PVE/Cluster.pm:683 ($cfs_lock)',
  },
  {
    // check_cfs_quorum: the node has lost quorum (a corosync blip); every cluster-wide write checks it first.
    re: /cluster not ready - no quorum\?/,
    source: 'pve-cluster src/PVE/Cluster.pm:129 (check_cfs_quorum)',
  },
  {
    // lock_file_full: `can't lock file '<file>' - <err>`: the flock was not acquired within the timeout, the code
    // did not run. <err> is `got timeout` (run_with_timeout, :167) or `can't acquire lock '<file>' - <errno>`
    // (:229). Behind it: PVE::Tools::lock_file, AbstractConfig lock_config / lock_config_full (the per-guest
    // config lock, pve-guest-common src/PVE/AbstractConfig.pm:305), GuestHelpers::guest_migration_lock and the
    // local storage lock (pve-storage src/PVE/Storage/Plugin.pm:767 cluster_lock_storage).
    re: /can't lock file '/,
    source: "pve-common src/PVE/Tools.pm:264 (lock_file_full)",
  },
  {
    // run_with_timeout's alarm (:157, :167); also run_command's timeout (pve-common src/PVE/Cmd.pm:196, as
    // `command '<cmd>' failed: got timeout`, :317) and a QMP command that got no answer (qemu-server
    // src/PVE/QMPClient.pm:503). Not `'<lockid>'-locked command timed out - aborting` (Cluster.pm:657): that
    // one ran under the lock for 60 s and was killed half-way, so it stays permanent.
    re: /\bgot timeout\b/,
    source: 'pve-common src/PVE/Tools.pm:167 (run_with_timeout)',
  },
  {
    // check_lock: `CT is locked (<lock>)` / `VM is locked (<lock>)` while another operation (a clone's source
    // carries `disk`; snapshot, rollback, migrate, ...) holds the guest. Not `backup`: a backup can hold the lock
    // for hours, longer than any bounded retry. Not `create` (pct/qm create, the new CT of a clone) or `clone` (the
    // new VM of qm clone): on a guest Phoenix converges, that lock is left by a create or clone that never finished
    // (src/tasks/interrupted.ts; nothing removes it, so waiting never helps) and the plans name the way out.
    re: /\b(?:CT|VM) is locked \((?!(?:backup|create|clone)\))[a-z-]+\)/i,
    source: 'pve-guest-common src/PVE/AbstractConfig.pm:339 (check_lock)',
  },
  {
    // delsnapshot waits 10 s for the guest migration lock, which a running replication job holds.
    re: /Failed to obtain guest migration lock - replication running\?/,
    source: 'pve-container src/PVE/API2/LXC/Snapshot.pm:222; qemu-server src/PVE/API2/Qemu.pm:6502',
  },
  {
    // zfs destroy of a zvol still held open (udev, a just stopped guest): PVE itself retries exactly this text
    // (zfs_delete_zvol, 6 x 1 s).
    re: /dataset is busy/,
    source: 'pve-storage src/PVE/Storage/ZFSPoolPlugin.pm:407 (zfs_delete_zvol)',
  },
  {
    // activate_storage: the storage's connection check failed (an NFS/CIFS/PBS/iSCSI server not answering).
    // `connection check for storage '<id>' failed - <err>` (:1353) is the check itself erroring: permanent.
    re: /storage '[^']*' is not online/,
    source: 'pve-storage src/PVE/Storage.pm:1354 (activate_storage)',
  },
  {
    // 502/503/504 say "try again" by their HTTP meaning. 500 does not: PVE answers every die of an API handler
    // with 500 (pve-http-server src/PVE/APIServer/AnyEvent.pm:1622 `$err->{code} ||= HTTP_INTERNAL_SERVER_ERROR`),
    // so `500 Configuration file ... does not exist` is permanent; a 500 is classified by its text.
    re: /^\s*50[234]\b/m,
    source: 'HTTP semantics; PVE::Exception stringify prints `<code> <msg>` (pve-common src/PVE/Exception.pm:101)',
  },
  {
    // errno EAGAIN/EWOULDBLOCK as Perl's $! prints it, e.g. in `can't acquire lock '<file>' - $!`
    // (pve-common src/PVE/Tools.pm:229) or an open/flock of a pmxcfs file while pmxcfs is busy.
    re: /Resource temporarily unavailable/i,
    source: 'strerror(EAGAIN) through $! (pve-common src/PVE/Tools.pm:229 and others)',
  },
  {
    // ECONNREFUSED/ECONNRESET: the ssh tunnel pvesh proxies through (pve-manager PVE/CLI/pvesh.pm:124-135, its
    // errors `proxy handler failed: ...` after ssh's own `Connection refused` line), or a peer restarting.
    re: /connection (?:reset|refused)/i,
    source: 'strerror(ECONNREFUSED/ECONNRESET); pve-manager PVE/CLI/pvesh.pm:124 (proxy_handler over ssh)',
  },
];

const ALREADY = [/already exists/i, /already running/i, /\bnot running\b/i, /already used/i];

/** The transient rule `text` matches, if any (for messages and tests). */
export function transientRule(text: string): Rule | undefined {
  return TRANSIENT.find((r) => r.re.test(text));
}

export function classify(stderr: string): ErrorClass {
  if (transientRule(stderr)) return 'transient';
  if (ALREADY.some((r) => r.test(stderr))) return 'already-done';
  return 'permanent';
}

export interface Backoff { attempts: number; baseMs: number; capMs: number }
export const DEFAULT_BACKOFF: Backoff = { attempts: 6, baseMs: 400, capMs: 8000 };

/** Exponential backoff with full jitter for attempt n (1-based). */
export function backoffMs(n: number, b: Backoff = DEFAULT_BACKOFF, rnd: () => number = Math.random): number {
  const ceil = Math.min(b.capMs, b.baseMs * 2 ** (n - 1));
  return Math.round(ceil / 2 + (rnd() * ceil) / 2);
}
