// The host directory of a bind mount: created when absent, and given the configured owner only when Phoenix created
// it. An existing directory is never chowned: `owner_uid` on a bind of `/srv/data` must not hand a host directory
// that was there before (or `/etc`, reached through a typo) to the container's root.
//
// What Phoenix created is recorded on the node, one path per line, in RECORD under the host root
// (/var/lib/phoenix/created-dirs on a real node), so a later run still knows: a run that stopped between the mkdir
// and the chown, or a rebind back to a directory Phoenix made, sets the owner; a directory made by anyone else never
// gets it.
//
// The decision is made on the node, by a fixed script, at the moment of the mkdir, not from the state read: two
// containers of one run may bind the same new directory (the second finds the first's), and a directory that appears
// between the read and the act is not Phoenix's. The plan does not depend on it (the mpN is what is converged), so a
// re-read of the guest is all the runner needs; the script costs no extra round trip, and a create run reads no host
// facts for it.
import { underRoot } from '../host/write-file.js';
import { cmd, type Command } from '../types.js';

/** Where the record of created directories lives on a node (hostRoot-prefixed by `recordPath`). */
export const RECORD = '/var/lib/phoenix/created-dirs';
export const recordPath = (hostRoot: string): string => underRoot(hostRoot, RECORD);

/**
 * $1 the directory (hostRoot-prefixed, absolute, no `.`/`..` segment: the schemas refuse them)  $2 `uid:gid` or ''
 * $3 the record. mkdir without -p on the directory itself, so one that appeared meanwhile fails instead of being
 * taken over; recorded before the chown (a run that stops in between leaves it root-owned, and the next run, finding
 * it recorded, sets the owner). Never follows a symbolic link, never chowns anything but a directory.
 */
export const BIND_DIR_SCRIPT = `set -e
d=$1 ids=$2 rec=$3
if [ -e "$d" ] || [ -L "$d" ]; then
  if ! grep -qxF -- "$d" "$rec" 2>/dev/null; then
    [ -z "$ids" ] || echo "$d was not created by Phoenix: its owner is left as it is (not set to $ids)" >&2
    exit 0
  fi
else
  p=\${d%/*}
  [ -z "$p" ] || mkdir -p -- "$p"
  mkdir -- "$d"
  mkdir -p -- "\${rec%/*}"
  printf '%s\\n' "$d" >> "$rec"
fi
[ -z "$ids" ] || [ -L "$d" ] || [ ! -d "$d" ] || chown -- "$ids" "$d"`;

/** The command that makes `dir` (hostRoot-prefixed) for a bind mount, owned by `owner` (`uid:gid`, '' = root's). */
export const bindDirCommand = (dir: string, owner: string, hostRoot: string): Command =>
  cmd(['sh', '-c', BIND_DIR_SCRIPT, 'phoenix-bind-dir', dir, owner, recordPath(hostRoot)], { what: `host directory ${dir}` });
