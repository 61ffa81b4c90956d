// The converge chain of a CT (DESIGN §4): defined -> configuration -> raw lines -> firewall -> disk -> mounts ->
// started -> lifecycle snapshot -> features -> application script -> health -> template snapshot.
import { PlanError } from '../errors.js';
import type { HealthCheck } from '../inventory/config-types.js';
import type { Guest, LxcGuest, Model } from '../inventory/model.js';
import type { AppParams } from '../tasks/app-script.js';
import type { FeatureParams } from '../tasks/feature.js';
import type { ProbeParams } from '../tasks/health.js';
import { templateTraits } from '../tasks/lxc/identity.js';
import type { Mount } from '../tasks/lxc/mounts.js';
import type { ChainItem } from './plan.js';
import { hostFeatureItem, hostHealthParams } from './host-script-params.js';
import { lxcCreateParams, lxcSettings, type LxcSettings } from './lxc-params.js';
import { rawLineProblems, rawLxcLines } from './raw-lxc.js';
import { healthArgv, scriptRef, scriptTimeoutS } from './script-params.js';

export type { ChainItem } from './plan.js';

/** Compile options a chain reads (compile.ts CompileOptions). */
export interface ChainOptions {
  /** --apply-pending: a running guest with pending changes is restarted right after its start step. */
  applyPending?: boolean;
  /**
   * --recreate: a guest Phoenix owns that cannot be converged in place (immutable-field drift such as
   * unprivileged/arch, or one left locked by an interrupted create/clone) is destroyed and created again.
   */
  recreate?: boolean;
  /** reconfigure: the guest is never created here; its create step (kept only with --recreate) may re-create it. */
  mustExist?: boolean;
}

/** The CT a clone chain starts from (the guest itself when it is made from a template): what every clone of it is. */
function chainRoot(model: Model, g: LxcGuest): LxcGuest {
  let cur = g;
  const seen = new Set<string>([g.id]);
  while (cur.cloneFrom !== undefined) {
    const src = model.guests.get(cur.cloneFrom);
    if (!src || src.kind !== 'lxc' || seen.has(src.id)) break;
    seen.add(src.id);
    cur = src;
  }
  return cur;
}

/**
 * What the CT is made of, as its create step checks it (src/tasks/lxc/identity.ts): a clone gets its source's
 * unprivileged flag, arch and OS (`pct clone` copies the config and the rootfs), so those come from the root of its
 * clone chain, the arch and OS type from that template's name; the rootfs storage is its own (`pct clone --storage`).
 */
function identityOf(model: Model, g: LxcGuest): { unprivileged: boolean; arch?: string; ostype?: string } {
  const root = chainRoot(model, g);
  return { unprivileged: root.config.unprivileged !== false, ...templateTraits(root.config.template) };
}

function mounts(model: Model, g: LxcGuest): Mount[] {
  const c = g.config;
  return [
    ...(c.zfs_volumes ?? []).map((v): Mount => ({ mp: v.mount_point, kind: 'volume', storage: v.pool, sizeGb: v.size_gb })),
    ...(c.mount_points ?? []).map((m): Mount => ({
      mp: m.container_path, kind: 'bind', hostPath: m.host_path,
      ...(m.owner_uid !== undefined && m.owner_gid !== undefined ? { owner: { uid: m.owner_uid, gid: m.owner_gid } } : {}),
      ...(m.read_only ? { readOnly: true } : {}),
    })),
  ];
}

export function lxcChain(model: Model, g: LxcGuest, opts: ChainOptions = {}): ChainItem[] {
  const c = g.config;
  const node = model.inventory.nodes[g.node];
  const id = identityOf(model, g);
  // params built in place, not spread from copies: this runs once per guest of estates of 50 000
  const create = lxcCreateParams(model, g);
  create.unprivileged = id.unprivileged;
  if (id.arch !== undefined) create.arch = id.arch;
  if (opts.recreate) create.recreate = true;
  if (opts.mustExist) create.mustExist = true;
  const config = lxcSettings(g) as LxcSettings & { hostname: string; ostype?: string };
  config.hostname = c.name;
  if (id.ostype !== undefined) config.ostype = id.ostype;
  const items: ChainItem[] = [{ task: 'lxc.create', params: create }, { task: 'lxc.config', params: config }];
  const bad = (c.lxc_options ?? []).map((l, i) => [i, rawLineProblems(l)] as const).filter(([, p]) => p);
  if (bad.length) throw new PlanError(bad.map(([i, p]) => `phoenix_lxc_configs.json: /lxc_configs/${g.id}/lxc_options/${i}: ${p}`));
  items.push({ task: 'lxc.raw-config', params: { vmid: g.id, lines: rawLxcLines(c) } });
  if (c.firewall) items.push({ task: 'lxc.firewall', params: { vmid: g.id, pveNode: node?.pveNode ?? g.node, enabled: c.firewall.enabled, rules: c.firewall.rules ?? [] } });
  items.push({ task: 'lxc.disk', params: { vmid: g.id, disk: 'rootfs', sizeGb: c.storage_size_gb } });
  const m = mounts(model, g);
  if (m.length) items.push({ task: 'lxc.mounts', params: { vmid: g.id, unprivileged: c.unprivileged !== false, mounts: m } });
  if (g.isTemplate) return items;
  items.push({ task: 'lxc.start', params: { vmid: g.id } });
  if (opts.applyPending) items.push({ task: 'lxc.apply-pending', params: { vmid: g.id } });
  if (c.enable_lifecycle_snapshots && c.template_snapshot_name !== 'pre-configured') {
    items.push({ task: 'lxc.snapshot', key: 'pre-configured', params: { vmid: g.id, name: 'pre-configured' } });
  }
  for (const f of g.features) {
    const host = hostFeatureItem(model, g, f);
    if (host) { items.push(host); continue; }
    const params: FeatureParams = { vmid: g.id, kind: 'lxc', name: f, ...scriptRefParams(model, `features/${f}.sh`, g, `feature ${f}`), timeoutS: scriptTimeoutS(g, 'features') };
    items.push({ task: 'lxc.feature', key: f, params });
  }
  if (c.application_script) {
    const params: AppParams = {
      vmid: g.id, kind: 'lxc', file: c.application_script, attempts: 2, ...scriptRefParams(model, `apps/${c.application_script}`, g, 'application_script'),
      timeoutS: scriptTimeoutS(g, 'application_script'),
    };
    items.push({ task: 'lxc.app', params });
  }
  if (c.health_check) {
    const host = hostHealthParams(model, g, c.health_check, true);
    items.push(host ? { task: 'lxc.host-health', params: host } : { task: 'lxc.health', params: healthParams(model, g, c.health_check, true) });
  }
  if (g.templateSnapshot) items.push({ task: 'lxc.snapshot', key: g.templateSnapshot, params: { vmid: g.id, name: g.templateSnapshot } });
  return items;
}

/** A script's params: its path relative to the scripts dir and the sha256 the plan is made with. */
export function scriptRefParams(model: Model, rel: string, g: Guest, what: string): Pick<FeatureParams, 'script' | 'sha256'> {
  return { script: rel, sha256: scriptRef(model, rel, g, what).sha256 };
}

/** A health check's probe params: a script under <scripts>/health/ is pushed first, a plain argv runs as it is. */
export function healthParams(model: Model, g: Guest, h: HealthCheck, onlyAfterChange: boolean): ProbeParams {
  const { argv, rel } = healthArgv(model, h.command);
  const script = rel !== undefined ? { path: rel, sha256: scriptRef(model, rel, g, 'health_check').sha256, dest: `/var/lib/phoenix/${rel}` } : undefined;
  return {
    vmid: g.id, kind: g.kind, name: (argv[0] ?? 'check').split('/').pop() || 'check', argv,
    ...(script ? { script } : {}),
    retries: Math.max(1, h.retries ?? 3), intervalS: h.interval ?? 5, onlyAfterChange, timeoutS: scriptTimeoutS(g, 'health_check'),
  };
}
