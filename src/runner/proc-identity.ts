// Who a process is, beyond its pid: pids are reused, so a lock names its holder by pid + the process's start time
// (field 22 of /proc/<pid>/stat, clock ticks since boot) + the boot id + the host name. A holder whose pid is alive
// but started at another time, or on another boot, is another process: its lock is stale.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcIdentity { pid: number; start: string; boot: string; host: string }

/** Field 22 (starttime) of /proc/<pid>/stat, or undefined when there is no such process (or no /proc). */
export function procStart(pid: number): string | undefined {
  let stat: string;
  try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return undefined; }
  // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so count from the last ')'; field 3 comes next
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[22 - 3];
}

/** This boot's id (/proc/sys/kernel/random/boot_id); '' where the kernel has none. */
export function bootId(): string {
  try { return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(); } catch { return ''; }
}

export function selfIdentity(): ProcIdentity {
  return { pid: process.pid, start: procStart(process.pid) ?? '', boot: bootId(), host: hostname() };
}

/** Why `id` (recorded on this host) no longer names a running process (a clause: "is no longer running"), or undefined when it still does. */
export function goneReason(id: Pick<ProcIdentity, 'pid' | 'start' | 'boot'>): string | undefined {
  const boot = bootId();
  if (id.boot && boot && id.boot !== boot) return 'ran before the machine rebooted';
  const start = procStart(id.pid);
  if (start === undefined) return 'is no longer running';
  if (id.start && start !== id.start) return `is no longer running: pid ${id.pid} is another process now (started at tick ${start}, the holder at tick ${id.start})`;
  return undefined;
}

/** Wall time a process started (boot time + starttime ticks; USER_HZ is 100 in /proc), or undefined. */
export function procStartMs(pid: number): number | undefined {
  const start = procStart(pid);
  let btime: number | undefined;
  try { btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]); } catch { return undefined; }
  if (start === undefined || !btime) return undefined;
  return btime * 1000 + Number(start) * 10;
}
