// Guest config files as PVE writes them: `#` description lines, sorted `key: value`, raw `lxc.*` lines, the
// pending section, (qemu) special sections, `[snapname]` sections. LXC: pve-container src/PVE/LXC/Config.pm
// parse_pct_config / write_pct_config (`[pve:pending]`); qemu: qemu-server src/PVE/QemuServer.pm
// parse_vm_config / write_vm_config (`[PENDING]`, `[special:cloudinit]`, `[special:fleecing]`, unknown sections
// skipped).
import { decodeText, encodeText, perlSplitLines } from './encode.js';

export interface Section {
  /** Decoded description (each `#` line plus "\n"), or undefined. */
  description?: string;
  keys: Record<string, string>;
  /** Raw `lxc.*` lines, in file order. */
  lxc: Array<[string, string]>;
}

export type ConfType = 'lxc' | 'qemu';

export interface GuestConf {
  main: Section;
  pending?: Section;
  /** qemu `[special:<name>]` sections (`cloudinit`: the values the cloud-init drive was generated from). */
  special?: Record<string, Section>;
  snapshots: Record<string, Section>;
}

export const emptySection = (): Section => ({ keys: {}, lxc: [] });

// parse_pct_config: `^([a-z][a-z_]*\d*):\s*(.+?)\s*$`; parse_vm_config also allows `-` in key names.
const KEY: Record<ConfType, RegExp> = { lxc: /^([a-z][a-z_]*\d*):\s*(.+?)\s*$/, qemu: /^([a-z][a-z_-]*\d*):\s*(.+?)\s*$/ };
const RAW = /^(lxc\.[a-z0-9_\-.]+)(?::|\s*=)\s*(.*?)\s*$/;
const PENDING_HEADER: Record<ConfType, string> = { lxc: 'pve:pending', qemu: 'PENDING' };
const PENDING_RE: Record<ConfType, RegExp> = { lxc: /^\[pve:pending\]\s*$/i, qemu: /^\[PENDING\]\s*$/i };
const SNAP = /^\[([a-z][a-z0-9_-]+)\]\s*$/i;
const SPECIAL = /^\[special:(cloudinit|fleecing)\]\s*$/i;

/** Parse a config; `type` decides the pending header and the special sections (default: LXC). */
export function parseConf(text: string, type: ConfType = 'lxc'): GuestConf {
  const conf: GuestConf = { main: emptySection(), snapshots: {} };
  let cur: Section | undefined = conf.main;
  let section = 'main';
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (PENDING_RE[type].test(line)) {
      cur = conf.pending = emptySection();
      section = 'pending';
      continue;
    }
    const special = type === 'qemu' ? SPECIAL.exec(line) : null;
    if (special) {
      conf.special ??= {};
      cur = conf.special[(special[1] as string).toLowerCase()] = emptySection();
      section = 'special';
      continue;
    }
    const snap = SNAP.exec(line);
    if (snap) {
      cur = conf.snapshots[snap[1] as string] = emptySection();
      section = 'snapshot';
      continue;
    }
    if (/^\[[^\]]*\]\s*$/.test(line)) {
      // qemu: `skipping unknown section` (its lines are ignored); LXC: `unable to parse config` for the line only
      if (type === 'qemu') cur = undefined;
      continue;
    }
    if (!cur) continue;
    if (line.startsWith('#')) {
      cur.description = (cur.description ?? '') + decodeText(line.slice(1)) + '\n';
      continue;
    }
    const raw = type === 'lxc' ? RAW.exec(line) : null;
    if (raw) { cur.lxc.push([raw[1] as string, raw[2] as string]); continue; }
    const kv = KEY[type].exec(line);
    if (!kv) continue;
    const key = kv[1] as string;
    // `delete:` is only allowed in the pending section (a warning elsewhere)
    if (key === 'delete' && section !== 'pending') continue;
    cur.keys[key] = kv[2] as string;
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

const sectionEmpty = (s: Section): boolean => !Object.keys(s.keys).length && !s.lxc.length && s.description === undefined;

/** A cloud-init drive among the keys (PVE::QemuConfig::has_cloudinit). */
export const hasCloudinit = (keys: Record<string, string>): boolean =>
  Object.entries(keys).some(([k, v]) => /^(ide|sata|scsi|virtio)\d+$/.test(k) && /-cloudinit(\.\w+)?(,|$)/.test(v));

export function writeConf(conf: GuestConf, type: ConfType = 'lxc'): string {
  let raw = writeSection(conf.main);
  const p = conf.pending;
  if (p && !sectionEmpty(p)) raw += `\n[${PENDING_HEADER[type]}]\n${writeSection(p)}`;
  if (type === 'qemu') {
    for (const name of Object.keys(conf.special ?? {}).sort()) {
      const s = conf.special?.[name] as Section;
      // write_vm_config: the cloudinit section only while the VM has a cloud-init drive
      if (name === 'cloudinit' && !hasCloudinit(conf.main.keys)) continue;
      raw += `\n[special:${name}]\n${writeSection(s)}`;
    }
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
