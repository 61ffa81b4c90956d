// Which calls change state (for the audit log).
const READ_ONLY: Record<string, readonly string[]> = {
  pct: ['list', 'status', 'config', 'listsnapshot', 'pending', 'df', 'help', 'cpusets'],
  qm: ['list', 'status', 'config', 'listsnapshot', 'pending', 'showcmd', 'help'],
  pvesm: ['status', 'list', 'help', 'path', 'scan'],
  pveam: ['list', 'available', 'help'],
  zfs: ['list', 'get'],
  zpool: ['list', 'status', 'get', 'help'],
};

/** systemctl verbs that only read. */
const SYSTEMCTL_QUERIES = new Set(['is-active', 'is-enabled', 'is-failed', 'status', 'show', 'list-units', 'cat']);

function hostMutating(tool: string, args: readonly string[]): boolean | undefined {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const words = args.filter((a) => !a.startsWith('-'));
  switch (tool) {
    case 'systemctl': return !SYSTEMCTL_QUERIES.has(words[0] ?? '');
    // without -a/-r/-u or a host:/path, exportfs lists the table
    case 'exportfs': return /[aru]/.test(flags) || words.length > 0;
    case 'pdbedit': return !(args.includes('-L') || args.includes('--list'));
    case 'smbpasswd': return true;
    default: return undefined;
  }
}

export function isMutating(tool: string, args: readonly string[]): boolean {
  const host = hostMutating(tool, args);
  if (host !== undefined) return host;
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
