// `pvesh get /cluster/resources --type vm --output-format json`, and the `pct list` / `qm list` fallback.
import type { GuestType } from '../../tasks/facts.js';

export interface Resource { vmid: string; type: GuestType; node: string; status: string; template: boolean; name?: string; lock?: string }

export function parseResources(json: string): Resource[] {
  const data: unknown = JSON.parse(json);
  if (!Array.isArray(data)) throw new Error('pvesh /cluster/resources did not return a JSON array');
  const out: Resource[] = [];
  for (const e of data as Record<string, unknown>[]) {
    if (e.type !== 'lxc' && e.type !== 'qemu') continue;
    const r: Resource = {
      vmid: String(e.vmid ?? String(e.id ?? '').split('/')[1] ?? ''),
      type: e.type,
      node: String(e.node ?? ''),
      status: String(e.status ?? 'unknown'),
      template: e.template === 1 || e.template === true || e.template === '1',
    };
    if (typeof e.name === 'string') r.name = e.name;
    if (typeof e.lock === 'string' && e.lock) r.lock = e.lock;
    out.push(r);
  }
  return out;
}

/** `pct list`: `VMID Status Lock Name` (lock column may be blank). */
export function parsePctList(text: string, node: string): Resource[] {
  return text.split('\n').slice(1).filter((l) => /^\s*\d+/.test(l)).map((l) => {
    const vmid = l.slice(0, 10).trim();
    const status = l.slice(11, 21).trim();
    const lock = l.slice(22, 34).trim();
    const name = l.slice(35).trim();
    const r: Resource = { vmid, type: 'lxc', node, status, template: false };
    if (name) r.name = name;
    if (lock) r.lock = lock;
    return r;
  });
}

/** `qm list`: `VMID NAME STATUS MEM(MB) BOOTDISK(GB) PID`. */
export function parseQmList(text: string, node: string): Resource[] {
  return text.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => /^\d+$/.test(f[0] ?? '')).map((f) => {
    const r: Resource = { vmid: f[0]!, type: 'qemu', node, status: f[2] ?? 'unknown', template: false };
    if (f[1]) r.name = f[1];
    return r;
  });
}
