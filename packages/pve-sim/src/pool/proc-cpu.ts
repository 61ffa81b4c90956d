// CPU seconds of a process from /proc/<pid>/stat (proc(5)): the pool's stats, and the bench's count of what its
// sshd servers used.
import { readFileSync } from 'node:fs';

/** User + system CPU seconds of `pid`; with `children`, also those of the children it has waited for. 0 if gone. */
export function cpuSecondsOf(pid: number | 'self', children = false): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ').map(Number);
    // fields 14-17 of proc(5) (utime stime cutime cstime) are 11-14 here, after pid, comm and state are cut off;
    // clock ticks of 1/100 s (USER_HZ on Linux)
    return ((f[11] ?? 0) + (f[12] ?? 0) + (children ? (f[13] ?? 0) + (f[14] ?? 0) : 0)) / 100;
  } catch {
    return 0;
  }
}
