// Which calls change state (for the audit log).
const READ_ONLY: Record<string, readonly string[]> = {
  pct: ['list', 'status', 'config', 'listsnapshot', 'pending', 'df', 'help', 'cpusets'],
  qm: ['list', 'status', 'config', 'listsnapshot', 'pending', 'showcmd', 'help'],
  pvesm: ['status', 'list', 'help', 'path', 'scan'],
  zfs: ['list', 'get'],
  zpool: ['list', 'status', 'get', 'help'],
};

export function isMutating(tool: string, args: readonly string[]): boolean {
  const sub = args[0] ?? '';
  if (tool === 'pvesh') return sub !== 'get' && sub !== 'ls' && sub !== 'usage' && sub !== 'help';
  if (tool === 'qm' && (sub === 'guest' || sub === 'agent')) {
    const which = sub === 'agent' ? args[2] : args[1] === 'cmd' ? args[3] : args[1];
    if (sub === 'guest' && args[1] === 'exec') return true;
    if (sub === 'guest' && args[1] === 'exec-status') return false;
    return !/^(ping|info|get-.*|network-get-interfaces|fsfreeze-status)$/.test(which ?? '');
  }
  if (tool === 'qm' && sub === 'cloudinit') return args[1] !== 'dump' && args[1] !== 'pending';
  return !(READ_ONLY[tool] ?? []).includes(sub);
}
