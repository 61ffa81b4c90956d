// LXC configuration: diff what the CT will have after its next start (current + pending) against the desired keys,
// one `pct set` with only the differences. A value already waiting in the pending section is not sent again; one
// that this `pct set` parks there (a running CT, a key PVE cannot hot-plug: ../hotplug.ts) is sent once and said so.
// Every field Phoenix sets at creation and `pct set` can change is kept here too: hostname, ostype, and the
// ownership tag (a CT whose `phoenix` tag is gone is no longer proven Phoenix's: the runner refuses to act on it
// without --adopt, ../../runner/ownership.ts). What `pct set` cannot change is the create step's (./identity.ts).
import type { GuestFacts } from '../facts.js';
import { guestOf } from '../facts.js';
import { leftLock, leftLockMessage } from '../interrupted.js';
import { nextConfig, setChange, waitingFields, type FieldChange } from '../pending.js';
import { normBool, parseProps, propsDiff } from '../props.js';
import { hasOwnerTag, joinTags, OWNER_TAG, splitTags } from '../tags.js';
import { act, cmd, type TaskDef } from '../types.js';
import { lxcSettingsSchema, net0String, type LxcSettings } from './params.js';

export type LxcConfigParams = LxcSettings;

/** Desired `pct set` options that differ in config section `c`, as [option, value, current]. */
function diffAgainst(c: Record<string, string>, p: LxcSettings): FieldChange[] {
  const out: FieldChange[] = [];
  const scalar = (field: string, want: string | undefined, have: string | undefined, same = want === have): void => {
    if (want !== undefined && !same) out.push({ field, value: want, from: have ?? null });
  };
  scalar('memory', String(p.memory), c.memory);
  scalar('cores', String(p.cores), c.cores);
  if (p.swap !== undefined) scalar('swap', String(p.swap), c.swap);
  scalar('onboot', p.onboot ? '1' : '0', c.onboot, normBool(c.onboot) === (p.onboot ? '1' : '0'));
  if (p.startup) scalar('startup', p.startup, c.startup, sameProps(c.startup, p.startup));
  // PVE stores the list space-joined (pve-container src/PVE/LXC.pm `verify_nameserver_list`)
  if (p.nameserver) scalar('nameserver', p.nameserver, c.nameserver, words(c.nameserver) === words(p.nameserver));
  if (p.features) scalar('features', p.features, c.features, sameProps(c.features, p.features, true));
  const haveNet = parseProps(c.net0);
  const firewall = p.net0.firewall ?? normBool(haveNet.firewall) === '1';
  // keep the MAC PVE generated when the configuration names none, so the guest's address never changes
  const hwaddr = p.net0.hwaddr ?? haveNet.hwaddr;
  const wantNet = parseProps(net0String({ ...p.net0, firewall, ...(hwaddr ? { hwaddr } : {}) }));
  const changed = propsDiff(haveNet, wantNet).some((k) => k !== 'firewall')
    || normBool(haveNet.firewall) !== (firewall ? '1' : '0')
    || Object.keys(haveNet).some((k) => !(k in wantNet) && k !== 'firewall');
  if (changed) out.push({ field: 'net0', value: net0String({ ...p.net0, firewall, ...(hwaddr ? { hwaddr } : {}) }), from: c.net0 ?? null });
  if (p.hostname) scalar('hostname', p.hostname, c.hostname);
  if (p.ostype) scalar('ostype', p.ostype, c.ostype);
  // the ownership tag `pct create --tags phoenix` set; every other tag is kept as it is
  if (!hasOwnerTag(c)) out.push({ field: 'tags', value: joinTags([...splitTags(c.tags), OWNER_TAG]), from: c.tags ?? null });
  return out;
}

const words = (s: string | undefined): string => (s ?? '').split(/[\s,;]+/).filter(Boolean).join(' ');

/** Desired `pct set` options that differ from what the CT will have after its next start (current + pending). */
export function lxcConfigDiff(g: GuestFacts, p: LxcSettings): FieldChange[] {
  return diffAgainst(nextConfig(g), p);
}

function sameProps(have: string | undefined, want: string, boolValues = false): boolean {
  const h = parseProps(have);
  const w = parseProps(want);
  if (Object.keys(h).length !== Object.keys(w).length) return false;
  return Object.entries(w).every(([k, v]) => (boolValues ? normBool(h[k]) === normBool(v) : h[k] === v));
}

export const lxcConfig: TaskDef<LxcConfigParams, 'lxc.config'> = {
  name: 'lxc.config',
  schema: lxcSettingsSchema(),
  mutates: true,
  reconfigure: true,
  owned: true,
  reread: 'guest',
  guests: (p) => [p.vmid],
  title: (p) => `CT ${p.vmid}: configuration`,
  plan(facts, p) {
    const g = guestOf(facts, p.vmid);
    // in a create chain this runs after lxc.create (in --check it is `unknown` while the create is pending), so an
    // absent CT here is reconfigure's "create it first"
    if (!g) throw new Error(`CT ${p.vmid} does not exist on ${facts.node}: create it first`);
    // half made by a create or clone that never finished: `pct set` would die in check_lock; the create step (with
    // --recreate) makes it again
    if (leftLock(g)?.role === 'target') throw new Error(leftLockMessage(g, hasOwnerTag(g.config)));
    const d = lxcConfigDiff(g, p);
    const waiting = waitingFields(g, d, () => diffAgainst(g.config, p));
    const change = setChange(g, d, waiting);
    if (!d.length) return { change, commands: [] };
    return act(change, cmd(['pct', 'set', p.vmid, ...d.flatMap((x) => [`--${x.field}`, x.value])]));
  },
};
