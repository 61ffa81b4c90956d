// The raw `lxc.*` lines a CT's config should carry: lxc_options, GPU passthrough, id maps, AppArmor. They are
// managed as ONE block: the whole set is replaced when it differs, so removed entries disappear and nothing is
// ever duplicated. Keys that hand a guest the host are refused at plan time.
import type { IdMap, LxcConfig } from '../inventory/config-types.js';

const REFUSED = [/^lxc\.hook\./, /^lxc\.(?:rootfs|autodev\.hook)/, /^lxc\.environment/, /^lxc\.(?:log\.file|console\.logfile|console\.path)/];

/** `lxc.apparmor.profile=unconfined` / `lxc.mount.auto:sys:rw` / `lxc.x: y` -> `lxc.x: y`. */
export function normalizeRawLine(line: string): string {
  const t = line.trim();
  const eq = t.indexOf('=');
  const colon = t.indexOf(':');
  const i = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
  if (i < 0) return t;
  return `${t.slice(0, i).trim()}: ${t.slice(i + 1).trim()}`;
}

export function rawLineProblems(line: string): string | undefined {
  if (/[\r\n]/.test(line)) return 'contains a line break';
  const n = normalizeRawLine(line);
  if (!n.startsWith('lxc.')) return `is not an lxc.* key`;
  if (REFUSED.some((r) => r.test(n))) return `sets ${n.split(':')[0]}, which runs code or paths on the host: refused`;
  if (/^lxc\.mount\.entry:/.test(n) && !/^lxc\.mount\.entry: \/dev\//.test(n)) return 'bind-mounts a host path that is not a device: use mount_points (managed, owned, visible in the plan)';
  if (/^lxc\.include:/.test(n) && !/^lxc\.include: \/usr\/share\/lxc\/config\/[\w.-]+$/.test(n)) return 'includes a file outside /usr/share/lxc/config: refused';
  return undefined;
}

function gpuLines(assignment: string | undefined): string[] {
  if (!assignment || assignment.trim() === 'none') return [];
  const devs = ['nvidiactl', 'nvidia-uvm', 'nvidia-uvm-tools', ...assignment.split(',').map((x) => x.trim()).filter(Boolean).map((n) => `nvidia${n}`)];
  return [
    ...devs.map((d) => `lxc.mount.entry: /dev/${d} dev/${d} none bind,optional,create=file`),
    'lxc.cgroup2.devices.allow: c 195:* rwm',
    'lxc.cgroup2.devices.allow: c 243:* rwm',
  ];
}

/** Full uid/gid maps for an unprivileged CT: the configured entries, the rest shifted by 100000. */
export function idMapLines(maps: readonly IdMap[] | undefined): string[] {
  if (!maps?.length) return [];
  const out: string[] = [];
  for (const t of ['u', 'g'] as const) {
    const entries = maps.filter((m) => m.type.startsWith(t)).sort((a, b) => a.container_id - b.container_id);
    let next = 0;
    for (const m of entries) {
      if (m.container_id > next) out.push(`lxc.idmap: ${t} ${next} ${100000 + next} ${m.container_id - next}`);
      out.push(`lxc.idmap: ${t} ${m.container_id} ${m.host_id} ${m.size}`);
      next = m.container_id + m.size;
    }
    if (next < 65536) out.push(`lxc.idmap: ${t} ${next} ${100000 + next} ${65536 - next}`);
  }
  return out;
}

function apparmorLines(c: LxcConfig): string[] {
  const profile = c.apparmor_profile;
  if (!profile) return [];
  const lines = [`lxc.apparmor.profile: ${profile}`];
  if (profile !== 'unconfined' && c.apparmor_manages_nesting) lines.push('lxc.apparmor.allow_nesting: 1', 'lxc.include: /usr/share/lxc/config/nesting.conf');
  return lines;
}

/** Desired raw lines, normalised, in a stable order, without duplicates. */
export function rawLxcLines(c: LxcConfig): string[] {
  const all = [...(c.lxc_options ?? []).map(normalizeRawLine), ...apparmorLines(c), ...gpuLines(c.gpu_assignment), ...idMapLines(c.id_maps)];
  return [...new Set(all)];
}
