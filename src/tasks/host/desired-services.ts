// The hypervisor config's service part as task params: NFS exports, samba shares, users, datacenter firewall.
import { isSecretRef } from '../secret-ref.js';
import type { Secretish } from '../types.js';
import type { HypervisorConfig } from '../../inventory/config-types.js';
import type { DcFirewallParams } from './dc-firewall.js';
import type { WantedRule } from './fw-rules.js';
import { arr, at, bool, obj, oneLine, str, strs } from './hv-read.js';
import type { NfsExportsParams } from './nfs-exports.js';
import type { SambaParams, SambaShare } from './samba.js';
import { HASH_PATTERN, type HostUserParams } from './user.js';
import { underRoot } from './write-file.js';

export const SAMBA_PASSWORD_ENV = 'PHOENIX_SAMBA_PASSWORD';

export function exportsParams(hv: HypervisorConfig, root: string): NfsExportsParams {
  const exports = arr(at(hv, 'nfs.exports')).map((raw) => {
    const e = obj(raw);
    return { path: str(e.path) ?? '', clients: strs(e.clients), options: strs(e.options) };
  });
  const dirs = exports.map((e) => ({ path: e.path, at: underRoot(root, e.path) }));
  return { file: underRoot(root, '/etc/exports'), exports, dirs };
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

function share(raw: unknown, i: number, problems: string[]): SambaShare {
  const s = obj(raw);
  const where = `/samba/shares/${i}`;
  const rel = str(s.path) ?? '';
  const options = new Map<string, string>();
  // "browseable=yes writable=yes" (the original ignored these)
  for (const tok of (str(s.options) ?? '').split(/\s+/).filter(Boolean)) {
    const m = /^([A-Za-z][A-Za-z0-9 _-]*)=(.+)$/.exec(tok);
    if (m) options.set(m[1]!.toLowerCase(), oneLine(m[2]!, `${where}/options`, problems));
    else problems.push(`phoenix_hypervisor_config.json: ${where}/options: '${tok}' is not key=value`);
  }
  const flag = (key: string, name: string): void => { const b = bool(s[key]); if (b !== undefined) options.set(name, yesNo(b)); };
  flag('browsable', 'browseable'); flag('browseable', 'browseable'); flag('read_only', 'read only'); flag('guest_ok', 'guest ok');
  return {
    name: oneLine(str(s.name) ?? '', `${where}/name`, problems),
    path: oneLine(rel.startsWith('/') ? rel : `/${rel}`, `${where}/path`, problems),
    validUsers: strs(s.valid_users).map((u) => oneLine(u, `${where}/valid_users`, problems)),
    options: [...options],
  };
}

/** samba.password: a reference or a literal as the config gives it; none = the PHOENIX_SAMBA_PASSWORD variable. */
function sambaPassword(hv: HypervisorConfig): Secretish {
  const pw = at(hv, 'samba.password');
  if (isSecretRef(pw)) return { $secret: pw.$secret };
  return typeof pw === 'string' && pw !== '' ? pw : { $secret: `env:${SAMBA_PASSWORD_ENV}` };
}

export function sambaParams(hv: HypervisorConfig, root: string, problems: string[]): SambaParams {
  const shares = arr(at(hv, 'samba.shares')).map((s, i) => share(s, i, problems));
  const user = str(at(hv, 'samba.user'));
  return {
    file: underRoot(root, '/etc/samba/smb.conf'),
    shares,
    ...(user ? { user, password: sambaPassword(hv) } : {}),
    dirs: shares.map((s) => ({ path: s.path, at: underRoot(root, s.path) })),
  };
}

/** The admin user (`users`), then the samba account when it is another user (created, otherwise left alone). */
export function userParams(hv: HypervisorConfig, root: string, problems: string[]): HostUserParams[] {
  const out: HostUserParams[] = [];
  const u = obj(hv.users);
  const name = str(u.username);
  if (name) {
    const sudo = bool(u.sudo_access);
    const literal = str(u.password_hash);
    const hash: Secretish | undefined = literal && literal !== 'NOT_SET' ? literal
      : isSecretRef(u.password_hash) ? { $secret: u.password_hash.$secret } : undefined;
    if (typeof hash === 'string' && !new RegExp(HASH_PATTERN).test(hash)) {
      problems.push('phoenix_hypervisor_config.json: /users/password_hash: must be a crypt(3) hash (one line, no \':\')');
    }
    out.push({
      user: name, root, shell: '/bin/bash',
      sshKeys: (str(u.ssh_public_key) ?? '').split('\n').map((k) => k.trim()).filter(Boolean),
      ...(sudo !== undefined ? { sudo } : {}),
      ...(hash !== undefined ? { passwordHash: hash } : {}),
    });
  }
  const smb = str(at(hv, 'samba.user'));
  if (smb && smb !== name && arr(at(hv, 'samba.shares')).length) out.push({ user: smb, root, sshKeys: [] });
  return out;
}

const ACTIONS = new Set(['ACCEPT', 'DROP', 'REJECT']);

export function firewallParams(hv: HypervisorConfig, problems: string[]): DcFirewallParams | undefined {
  const fw = at(hv, 'shared_volumes.firewall');
  if (fw === undefined) return undefined;
  const f = obj(fw);
  const rules = arr(f.global_firewall_rules).map((raw, i): WantedRule => {
    const r = obj(raw);
    const action = str(r.action) ?? '';
    const w: WantedRule = { type: (str(r.type) ?? 'in').toLowerCase(), action: ACTIONS.has(action.toUpperCase()) ? action.toUpperCase() : action, enable: bool(r.enable) !== false };
    const set = (k: 'proto' | 'dport' | 'sport' | 'source' | 'dest' | 'iface' | 'comment', v: unknown): void => {
      const s = str(v);
      if (s) w[k] = oneLine(s, `/shared_volumes/firewall/global_firewall_rules/${i}/${k}`, problems);
    };
    set('proto', r.proto); set('dport', r.port ?? r.dport); set('sport', r.sport); set('source', r.source);
    set('dest', r.dest); set('iface', r.iface); set('comment', r.comment);
    return w;
  });
  return {
    enable: bool(f.enabled) === true,
    policyIn: (str(f.default_input_policy) ?? 'DROP').toUpperCase(),
    policyOut: (str(f.default_output_policy) ?? 'ACCEPT').toUpperCase(),
    rules,
  };
}
