// Guest config files as PVE writes them (LXC/Config.pm::write_pct_config, QemuServer write_vm_config):
// `#` description lines, sorted `key: value`, raw `lxc.*` lines, `[pve:pending]`, `[snapname]` sections.
import { decodeText, encodeText, perlSplitLines } from './encode.js';

export interface Section {
  /** Decoded description (each `#` line plus "\n"), or undefined. */
  description?: string;
  keys: Record<string, string>;
  /** Raw `lxc.*` lines, in file order. */
  lxc: Array<[string, string]>;
}

export interface GuestConf {
  main: Section;
  pending?: Section;
  snapshots: Record<string, Section>;
}

export const emptySection = (): Section => ({ keys: {}, lxc: [] });

const KEY = /^([a-z][a-z_]*\d*):\s*(.*?)\s*$/;
const RAW = /^(lxc\.[a-z0-9_\-.]+)(?::|\s*=)\s*(.*?)\s*$/;

export function parseConf(text: string): GuestConf {
  const conf: GuestConf = { main: emptySection(), snapshots: {} };
  let cur = conf.main;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const sec = /^\[([^\]]+)\]\s*$/.exec(line);
    if (sec) {
      cur = emptySection();
      if (sec[1] === 'pve:pending') conf.pending = cur;
      else conf.snapshots[sec[1] as string] = cur;
      continue;
    }
    if (line.startsWith('#')) {
      cur.description = (cur.description ?? '') + decodeText(line.slice(1)) + '\n';
      continue;
    }
    const raw = RAW.exec(line);
    if (raw) { cur.lxc.push([raw[1] as string, raw[2] as string]); continue; }
    const kv = KEY.exec(line);
    if (kv) cur.keys[kv[1] as string] = kv[2] as string;
  }
  return conf;
}

function writeSection(s: Section): string {
  let raw = '';
  for (const l of perlSplitLines(s.description ?? '')) raw += `#${encodeText(l)}\n`;
  for (const k of Object.keys(s.keys).sort()) {
    const v = s.keys[k] as string;
    if (v.includes('\n')) throw new Error(`detected invalid newline inside property '${k}'`);
    raw += `${k}: ${v}\n`;
  }
  for (const [k, v] of s.lxc) raw += `${k}: ${v}\n`;
  return raw;
}

export function writeConf(conf: GuestConf): string {
  let raw = writeSection(conf.main);
  const p = conf.pending;
  if (p && (Object.keys(p.keys).length || p.lxc.length || p.description !== undefined)) {
    raw += `\n[pve:pending]\n${writeSection(p)}`;
  }
  for (const name of Object.keys(conf.snapshots).sort()) {
    raw += `\n[${name}]\n${writeSection(conf.snapshots[name] as Section)}`;
  }
  return raw;
}

/** The values `config` shows: current keys, with pending merged unless `current`. */
export function effectiveKeys(conf: GuestConf, current: boolean): Record<string, string> {
  const out: Record<string, string> = { ...conf.main.keys };
  if (conf.main.description !== undefined) out['description'] = conf.main.description;
  if (current || !conf.pending) return out;
  for (const [k, v] of Object.entries(conf.pending.keys)) if (k !== 'delete') out[k] = v;
  if (conf.pending.description !== undefined) out['description'] = conf.pending.description;
  for (const k of (conf.pending.keys['delete'] ?? '').split(',')) if (k) delete out[k.replace(/^!/, '')];
  return out;
}

export function cloneSection(s: Section): Section {
  const out: Section = { keys: { ...s.keys }, lxc: s.lxc.map(([k, v]) => [k, v] as [string, string]) };
  if (s.description !== undefined) out.description = s.description;
  return out;
}
