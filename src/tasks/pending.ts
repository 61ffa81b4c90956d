// What a guest will have after its next start (current section + pending values - pending deletes), and how a plan
// says what waits there. The config tasks diff against this, so a value already pending is never sent again; the
// hot-plug rules (./hotplug.ts) say which of the values a plan sends to a running guest will wait too.
import type { GuestFacts } from './facts.js';
import { willPend } from './hotplug.js';
import { none, update, withPending, type Change } from './types.js';

/**
 * Keys the pending section deletes: the state read's `pendingDelete`, else the section's raw `delete:` line
 * (`print_pending_delete`: comma-separated, `!` marks a forced qemu delete).
 */
export function pendingDeletes(g: Pick<GuestFacts, 'pending' | 'pendingDelete'>): string[] {
  return g.pendingDelete ?? (g.pending.delete ?? '').split(/[,;\s]+/).filter(Boolean).map((k) => k.replace(/^!/, ''));
}

/**
 * Fields whose desired values already wait in the pending section (right after a restart, not yet now): those the
 * diff against the current section (`againstCurrent`) names and the diff against the next config (`sending`, what
 * a set sends) does not. Nothing pending: the next config is the current one, and nothing waits.
 */
export function waitingFields(g: Pick<GuestFacts, 'pending' | 'pendingDelete'>, sending: readonly FieldChange[], againstCurrent: () => FieldChange[]): string[] {
  if (Object.keys(g.pending).length === 0 && pendingDeletes(g).length === 0) return [];
  const sent = new Set(sending.map((x) => x.field));
  return againstCurrent().map((x) => x.field).filter((f) => !sent.has(f));
}

/** What the guest will have after its next start: the current section, pending values over it, pending deletes gone. */
export function nextConfig(g: Pick<GuestFacts, 'config' | 'pending' | 'pendingDelete'>): Record<string, string> {
  const out = { ...g.config };
  for (const k of pendingDeletes(g)) delete out[k];
  for (const [k, v] of Object.entries(g.pending)) if (k !== 'delete') out[k] = v;
  return out;
}

/** Keys a restart would change (pending values that differ from the current ones, pending deletes of set keys), sorted. */
export function pendingKeys(g: Pick<GuestFacts, 'config' | 'pending' | 'pendingDelete'>): string[] {
  const set = Object.entries(g.pending).filter(([k, v]) => k !== 'delete' && g.config[k] !== v).map(([k]) => k);
  const del = pendingDeletes(g).filter((k) => g.config[k] !== undefined);
  return [...new Set([...set, ...del])].sort();
}

/** `nameserver, features pending until restart`. */
export const pendingPhrase = (keys: readonly string[]): string => `${keys.join(', ')} pending until restart`;

/** A `pct set` / `qm set` field: the value to send and what the guest will have after a restart without it. */
export interface FieldChange { field: string; value: string; from: string | null }

/**
 * The change of setting `d` on `g` (nothing to send: `none`, naming what already waits): each field `from -> to`,
 * marked when it will wait for the restart (or when it takes a pending value back), then what already waits.
 */
export function setChange(g: GuestFacts, d: readonly FieldChange[], waitingKeys: readonly string[]): Change {
  const waiting = [...waitingKeys].sort();
  if (!d.length) return withPending(none(waiting.length ? pendingPhrase(waiting) : undefined), waiting);
  const pend = d.filter((x) => willPend(g, x.field, x.value)).map((x) => x.field);
  const note = (x: FieldChange): string => (pend.includes(x.field) ? ' (pending until restart)'
    : g.config[x.field] === x.value && g.pending[x.field] !== undefined ? ' (reverts the pending value)' : '');
  const detail = [...d.map((x) => `${x.field} ${x.from ?? '(unset)'} -> ${x.value}${note(x)}`), ...(waiting.length ? [pendingPhrase(waiting)] : [])];
  return withPending(update(detail.join('; '), d.map((x) => ({ field: x.field, from: x.from, to: x.value }))), [...new Set([...waiting, ...pend])].sort());
}
