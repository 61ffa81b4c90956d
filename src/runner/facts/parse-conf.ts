// Parse a guest config file as pmxcfs stores it (/etc/pve/nodes/<node>/{lxc,qemu-server}/<id>.conf).
import type { GuestFacts, GuestType } from '../../tasks/facts.js';

export type ParsedConf = Pick<GuestFacts, 'config' | 'rawLxc' | 'pending' | 'snapshots' | 'description'>;

/** PVE writes the description percent-encoded UTF-8 (pve-common ParseUtils.pm `encode_text`: control and hi-bit bytes, ':' and '%'). */
export function decodeDescription(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

export function parseConf(text: string): ParsedConf {
  const out: ParsedConf = { config: {}, rawLxc: [], pending: {}, snapshots: [], description: '' };
  const desc: string[] = [];
  let section: 'current' | 'pending' | 'snapshot' = 'current';
  for (const line of text.split('\n')) {
    if (section === 'current' && line.startsWith('#')) { desc.push(decodeDescription(line.slice(1))); continue; }
    const sec = /^\[([^\]]+)\]\s*$/.exec(line);
    if (sec) {
      const name = sec[1]!;
      if (name === 'pve:pending') section = 'pending';
      else { section = 'snapshot'; out.snapshots.push(name); }
      continue;
    }
    const m = /^([A-Za-z0-9_.\-]+):\s?(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    if (section === 'pending') out.pending[key] = value;
    else if (section === 'current') {
      if (key.startsWith('lxc.')) out.rawLxc.push(`${key}: ${value}`);
      else out.config[key] = value;
    }
  }
  out.description = desc.join('\n');
  out.snapshots.sort();
  return out;
}

/** A GuestFacts from a config file's text plus what the resource list said. */
export function guestFromConf(vmid: string, type: GuestType, node: string, text: string, status: string): GuestFacts {
  const p = parseConf(text);
  const name = type === 'lxc' ? p.config.hostname : p.config.name;
  const g: GuestFacts = { vmid, type, node, status, template: p.config.template === '1', ...p };
  if (name) g.name = name;
  if (p.config.lock) g.lock = p.config.lock;
  return g;
}
