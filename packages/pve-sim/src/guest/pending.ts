// `[pve:pending]`: values set on a running guest that take effect at its next start.
import { emptySection, type GuestConf } from '../conf/config-file.js';

export function applyPending(conf: GuestConf): boolean {
  const p = conf.pending;
  if (!p) return false;
  for (const k of (p.keys['delete'] ?? '').split(',')) if (k) delete conf.main.keys[k.replace(/^!/, '')];
  for (const [k, v] of Object.entries(p.keys)) if (k !== 'delete') conf.main.keys[k] = v;
  if (p.description !== undefined) conf.main.description = p.description;
  if (p.lxc.length) conf.main.lxc = p.lxc;
  delete conf.pending;
  return true;
}

export function pendingSection(conf: GuestConf): NonNullable<GuestConf['pending']> {
  conf.pending ??= emptySection();
  return conf.pending;
}

/** Record a pending value (and drop the key from the pending delete list). */
export function setPending(conf: GuestConf, key: string, value: string): void {
  const p = pendingSection(conf);
  p.keys[key] = value;
  const del = (p.keys['delete'] ?? '').split(',').filter((k) => k && k.replace(/^!/, '') !== key);
  if (del.length) p.keys['delete'] = del.join(','); else delete p.keys['delete'];
}

export function deletePending(conf: GuestConf, key: string): void {
  const p = pendingSection(conf);
  delete p.keys[key];
  const del = (p.keys['delete'] ?? '').split(',').filter((k) => k && k !== key);
  del.push(key);
  p.keys['delete'] = del.join(',');
}
