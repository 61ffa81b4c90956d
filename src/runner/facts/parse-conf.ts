// Parse a guest config file as pmxcfs stores it (/etc/pve/nodes/<node>/{lxc,qemu-server}/<id>.conf), section by
// section as PVE does: pve-container src/PVE/LXC/Config.pm `parse_pct_config` (l. 1126-1222) for CTs, qemu-server
// src/PVE/QemuServer.pm `parse_vm_config` (l. 1939-2082) for VMs.
import type { GuestFacts, GuestType } from '../../tasks/facts.js';
import { normBool } from '../../tasks/props.js';

export type ParsedConf = Pick<GuestFacts, 'config' | 'rawLxc' | 'pending' | 'snapshots' | 'description'> &
  Required<Pick<GuestFacts, 'snapshotConfig'>> & Pick<GuestFacts, 'pendingDelete'>;

/**
 * pve-common src/PVE/ParseUtils.pm `decode_text`: `Encode::decode("utf8", uri_unescape($data))`. A run of `%XX`
 * escapes is decoded as one byte string, so a multi-byte UTF-8 character comes back whole (`caf%C3%A9` -> café);
 * invalid UTF-8 becomes U+FFFD as Encode's default does; a `%` not followed by two hex digits stays.
 */
export function decodeText(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** @deprecated name kept for callers: the description is decoded with `decode_text`. */
export const decodeDescription = decodeText;

/** Section headers, in the order both parsers try them. */
const LXC_PENDING = /^\[pve:pending\]\s*$/i;        // Config.pm l. 1160
const QEMU_PENDING = /^\[PENDING\]\s*$/i;            // QemuServer.pm l. 1990
const QEMU_SPECIAL = /^\[special:(cloudinit|fleecing)\]\s*$/i; // l. 1997: `$special_sections_re_1`
const SNAPSHOT = /^\[([a-z][a-z0-9_-]+)\]\s*$/i;     // Config.pm l. 1166, QemuServer.pm l. 2005
const ANY_SECTION = /^\[([^\]]*)\]\s*$/;             // QemuServer.pm l. 2012: "skipping unknown section"
/** `lxc.key: value` and `lxc.key = value`, value trimmed (Config.pm l. 1179). */
const RAW_LXC = /^(lxc\.[a-z0-9_\-.]+)(?::|\s*=)\s*(.*?)\s*$/;
/** `key: value`, value trimmed and non-empty: CTs `[a-z][a-z_]*\d*` (l. 1206), VMs also `-` (l. 2044). */
const LXC_KEY = /^([a-z][a-z_]*\d*):\s*(.+?)\s*$/;
const QEMU_KEY = /^([a-z][a-z_-]*\d*):\s*(.+?)\s*$/;

type Section = { kind: 'main' } | { kind: 'pending' } | { kind: 'snapshot'; name: string } | { kind: 'skip' };

/** AbstractConfig.pm `parse_pending_delete`: `,` `;` or blanks between keys, `!` marks a forced delete. */
export function parsePendingDelete(v: string): string[] {
  const keys = v.replace(/[,;]/g, ' ').trim().split(/\s+/).filter(Boolean).map((k) => k.replace(/^!/, ''));
  return [...new Set(keys)].sort();
}

function sectionOf(line: string, type: GuestType): Section | undefined {
  if (type === 'lxc') {
    if (LXC_PENDING.test(line)) return { kind: 'pending' };
    const snap = SNAPSHOT.exec(line);
    if (snap) return { kind: 'snapshot', name: snap[1]! };
    // parse_pct_config knows no other header: it warns "unable to parse config" and would file the lines that follow
    // under the section before; Phoenix skips them instead of mixing them in
    return ANY_SECTION.test(line) ? { kind: 'skip' } : undefined;
  }
  if (QEMU_PENDING.test(line)) return { kind: 'pending' };
  if (QEMU_SPECIAL.test(line)) return { kind: 'skip' }; // [special:cloudinit] / [special:fleecing]: not the guest's config
  const snap = SNAPSHOT.exec(line);
  if (snap) return { kind: 'snapshot', name: snap[1]! };
  return ANY_SECTION.test(line) ? { kind: 'skip' } : undefined;
}

/**
 * One config file. `config` is the current (main) section; raw `lxc.*` lines go to `rawLxc` as `key: value`;
 * `pending` is `[pve:pending]` (CT) or `[PENDING]` (VM) without its `delete:` line, which goes to `pendingDelete`;
 * every snapshot section is listed in `snapshots` and its keys kept in `snapshotConfig` (its description decoded as
 * `description`); `[special:*]` and unknown sections are skipped. An LXC snapshot may be called `PENDING` (only
 * `current` and `vzdump` are reserved for CTs, API2/LXC/Snapshot.pm l. 152; qemu also reserves `pending`,
 * API2/Qemu.pm l. 6215): for a CT, `[PENDING]` is a snapshot, as `pct listsnapshot` shows it.
 */
export function parseConf(text: string, type: GuestType): ParsedConf {
  const out: ParsedConf = { config: {}, rawLxc: [], pending: {}, snapshots: [], snapshotConfig: {}, description: '' };
  const keyRe = type === 'lxc' ? LXC_KEY : QEMU_KEY;
  let section: Section = { kind: 'main' };
  let keys: Record<string, string> = out.config;
  let descr: string | undefined;
  const finishDescription = (): void => {
    if (descr === undefined) return;
    // qemu strips trailing blanks (`$finish_description`); a CT's `#` lines each end in "\n": drop the last one
    const d = type === 'qemu' ? descr.replace(/\s+$/, '') : descr.replace(/\n$/, '');
    if (section.kind === 'main') out.description = d;
    else if (section.kind !== 'skip') keys.description = d; // a snapshot's own description, or a pending one
    descr = undefined;
  };
  // the regular expressions below are tried only on a line that can match them (its first characters): a state read
  // parses thousands of these files
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (/^\s*$/.test(line)) continue;
    const next = line.startsWith('[') ? sectionOf(line, type) : undefined;
    if (next) {
      finishDescription();
      section = next;
      if (next.kind === 'pending') keys = out.pending = {};
      else if (next.kind === 'snapshot') {
        if (!out.snapshotConfig[next.name]) out.snapshots.push(next.name);
        keys = out.snapshotConfig[next.name] = {};
      } else keys = {};
      continue;
    }
    if (section.kind === 'skip') continue;
    if (line.startsWith('#')) { descr = `${descr ?? ''}${decodeText(line.slice(1))}\n`; continue; }
    const lxc = type === 'lxc' && line.startsWith('lxc.') ? RAW_LXC.exec(line) : null;
    if (lxc) {
      if (section.kind === 'main') out.rawLxc.push(`${lxc[1]!}: ${lxc[2]!}`);
      continue;
    }
    const d = line.startsWith('description:') ? /^description:\s*(.*\S)\s*$/.exec(line) : null;
    if (d) { descr = `${descr ?? ''}${decodeText(d[1]!)}`; continue; }
    const del = line.startsWith('delete:') ? /^delete:\s*(.*\S)\s*$/.exec(line) : null;
    if (del) {
      if (section.kind === 'pending') { const ks = parsePendingDelete(del[1]!); if (ks.length) out.pendingDelete = ks; }
      continue; // elsewhere PVE refuses it ("property 'delete' is only allowed in [pve:pending]")
    }
    const kv = keyRe.exec(line);
    // qemu reads the old `cdrom` key as `ide2` (l. 2056)
    if (kv) keys[type === 'qemu' && kv[1] === 'cdrom' ? 'ide2' : kv[1]!] = kv[2]!;
    // anything else: PVE warns "unable to parse config: <line>" and ignores it
  }
  finishDescription();
  out.snapshots.sort();
  return out;
}

/** A GuestFacts from a config file's text and the status a live source gave; name and template from the file. */
export function guestFromConf(vmid: string, type: GuestType, node: string, text: string, status: string): GuestFacts {
  const p = parseConf(text, type);
  const name = type === 'lxc' ? p.config.hostname : p.config.name;
  // `template` is a boolean key: check_type turns 1|on|yes|true into 1 (pve-common JSONSchema.pm `parse_boolean`)
  const g: GuestFacts = { vmid, type, node, status, template: normBool(p.config.template) === '1', ...p };
  if (name) g.name = name;
  if (p.config.lock) g.lock = p.config.lock;
  return g;
}
