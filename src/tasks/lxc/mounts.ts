// Mount points (`zfs_volumes` and bind `mount_points`) as mpN, matched by mount path in what the CT will have after
// its next start (current + pending, ../hotplug.ts): a re-run never allocates again; a volume smaller than configured
// grows; a bind's host directory is created when absent, and only a directory Phoenix created gets the configured
// owner (bind-dir.ts). A new mpN is hot-plugged into a running CT; a changed one waits in `[pve:pending]`, is sent
// once and then reported, not sent again.
import { posix } from 'node:path';
import { bindDirCommand } from './bind-dir.js';
import { guestOf, type GuestFacts } from '../facts.js';
import { willPend } from '../hotplug.js';
import { nextConfig, pendingDeletes, pendingPhrase } from '../pending.js';
import { parseProps, sizeMiB } from '../props.js';
import { absPath, arr, bool, constant, int, obj, oneOf, storageIdSchema, vmidSchema } from '../schema.js';
import { act, cmd, none, update, withPending, type Command, type TaskDef } from '../types.js';

export type Mount =
  | { mp: string; kind: 'volume'; storage: string; sizeGb: number }
  | { mp: string; kind: 'bind'; hostPath: string; owner?: { uid: number; gid: number }; readOnly?: boolean };

export interface MountsParams { vmid: string; unprivileged: boolean; mounts: Mount[] }

interface Action { key: string; value?: string; resize?: string; mkdir?: Mount & { kind: 'bind' }; why: string; pend?: boolean }

// config/schemas `mountPath`: absolute, no `.`/`..` segment, no `,` or `=` (it goes into an mpN property string, where
// a comma starts an option and `=` makes a key)
const mountPath = absPath(',=');
const mountSchema = oneOf(
  obj({ mp: mountPath, kind: constant('volume'), storage: storageIdSchema, sizeGb: int({ minimum: 1 }) }),
  obj({ mp: mountPath, kind: constant('bind'), hostPath: mountPath, owner: obj({ uid: int({ minimum: 0 }), gid: int({ minimum: 0 }) }), readOnly: bool() }, ['mp', 'kind', 'hostPath']),
);

type Have = Map<string, { key: string; volume: string; size?: string; ro?: string }>;

/** The mpN entries of config section `c`, by mount path. */
function mountsOf(c: Record<string, string>): Have {
  const out: Have = new Map();
  for (const [key, v] of Object.entries(c)) {
    if (!/^mp\d+$/.test(key)) continue;
    const p = parseProps(v, 'volume');
    if (p.mp) out.set(p.mp, { key, volume: p.volume ?? '', ...(p.size ? { size: p.size } : {}), ...(p.ro ? { ro: p.ro } : {}) });
  }
  return out;
}

export interface MountPlan { actions: Action[]; waiting: string[] }

export function mountPlan(g: GuestFacts, p: MountsParams): MountPlan {
  const next = nextConfig(g);
  const have = mountsOf(next);
  const now = mountsOf(g.config);
  const deleting = new Set(pendingDeletes(g));
  const used = new Set([...Object.keys(g.config), ...Object.keys(g.pending)].filter((k) => /^mp\d+$/.test(k)));
  const free = (): string => { let i = 0; while (used.has(`mp${i}`)) i++; used.add(`mp${i}`); return `mp${i}`; };
  const actions: Action[] = [];
  const waiting: string[] = [];
  /** `key` set to `value`; on a running CT an existing key waits for the restart. */
  const set = (a: Action & { value: string }): void => { actions.push(willPend(g, a.key, a.value) ? { ...a, pend: true } : a); };
  for (const m of p.mounts) {
    const h = have.get(m.mp);
    const cur = now.get(m.mp);
    if (!h && cur && deleting.has(cur.key)) {
      // a pending `--delete mpN`: setting it to its current value takes it off the delete list (`update_pct_config`),
      // and `cleanup_pending` drops the equal value: nothing allocated again
      actions.push({ key: cur.key, value: g.config[cur.key]!, why: `keep ${m.mp} (cancel its pending delete)` });
      continue;
    }
    const isPending = h !== undefined && next[h.key] !== g.config[h.key];
    if (m.kind === 'volume') {
      if (!h) set({ key: free(), value: `${m.storage}:${m.sizeGb},mp=${m.mp}`, why: `allocate ${m.storage}:${m.sizeGb}G at ${m.mp}` });
      else if (isPending) waiting.push(h.key); // `pct resize` acts on the current volume: grow after the restart
      else if ((sizeMiB(h.size) ?? 0) < m.sizeGb * 1024) actions.push({ key: h.key, resize: `${m.sizeGb}G`, why: `grow ${m.mp} ${h.size ?? '?'} -> ${m.sizeGb}G` });
    } else {
      const value = `${m.hostPath},mp=${m.mp}${m.readOnly ? ',ro=1' : ''}`;
      if (!h) set({ key: free(), value, mkdir: m, why: `bind ${m.hostPath} at ${m.mp}` });
      else if (h.volume !== m.hostPath || (h.ro === '1') !== !!m.readOnly) set({ key: h.key, value, mkdir: m, why: `rebind ${m.mp}: ${h.volume} -> ${m.hostPath}` });
      else if (isPending) waiting.push(h.key);
    }
  }
  return { actions, waiting: [...new Set(waiting)].sort() };
}

export const mountActions = (g: GuestFacts, p: MountsParams): Action[] => mountPlan(g, p).actions;

/** The commands of `actions`: host directories first, then one `pct set` with every mpN, then the grows. */
function commandsOf(p: MountsParams, actions: readonly Action[], hostRoot: string): Command[] {
  // an unprivileged CT sees host uid N+100000 as N (the default id map, pve-container src/PVE/LXC.pm `parse_id_maps`)
  const shift = p.unprivileged ? 100000 : 0;
  const out: Command[] = [];
  for (const a of actions) {
    if (!a.mkdir) continue;
    const owner = a.mkdir.owner ? `${a.mkdir.owner.uid + shift}:${a.mkdir.owner.gid + shift}` : '';
    out.push(bindDirCommand(posix.join(hostRoot, a.mkdir.hostPath), owner, hostRoot));
  }
  const sets = actions.flatMap((a) => (a.value !== undefined ? [`--${a.key}`, a.value] : []));
  if (sets.length) out.push(cmd(['pct', 'set', p.vmid, ...sets]));
  for (const a of actions) {
    // equal size: refused before the worker (pve-container src/PVE/API2/LXC.pm `resize_vm`)
    if (a.resize !== undefined) out.push(cmd(['pct', 'resize', p.vmid, a.key, a.resize], { okIf: 'already at specified size' }));
  }
  return out;
}

export const lxcMounts: TaskDef<MountsParams, 'lxc.mounts'> = {
  name: 'lxc.mounts',
  schema: obj({ vmid: vmidSchema, unprivileged: bool(), mounts: arr(mountSchema) }),
  mutates: true,
  reconfigure: true,
  owned: true,
  reread: 'guest',
  guests: (p) => [p.vmid],
  resources: (p, node) => [...new Set(p.mounts.flatMap((m) => (m.kind === 'volume' ? [`storage:${node}:${m.storage}`] : [])))],
  title: (p) => `CT ${p.vmid}: ${p.mounts.length} mount point(s)`,
  plan(facts, p) {
    const g = guestOf(facts, p.vmid);
    if (!g) throw new Error(`CT ${p.vmid} does not exist on ${facts.node}`);
    const { actions: a, waiting } = mountPlan(g, p);
    if (!a.length) return { change: withPending(none(waiting.length ? pendingPhrase(waiting) : undefined), waiting), commands: [] };
    const pend = a.filter((x) => x.pend).map((x) => x.key);
    const detail = [...a.map((x) => `${x.key}: ${x.why}${x.pend ? ' (pending until restart)' : ''}`), ...(waiting.length ? [pendingPhrase(waiting)] : [])].join('; ');
    return act(
      withPending(update(detail, a.map((x) => ({ field: x.key, from: g.config[x.key] ?? null, to: x.value ?? x.resize ?? null }))), [...new Set([...waiting, ...pend])].sort()),
      ...commandsOf(p, a, facts.paths.hostRoot),
    );
  },
};
