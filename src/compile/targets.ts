// Verbs and their target rules, in one table: the CLI, the help text (src/cli/help.ts) and the playbook schema
// (src/compile/playbook-schema.ts) are generated from it. Then: which guests a verb acts on.
import { UsageError } from '../errors.js';
import type { Model } from '../inventory/model.js';
import { vmidSchema } from '../tasks/schema.js';
import { byId } from './graph.js';

/** A CT/VM id as targets, steps and params carry it (the configuration schemas' `vmid`; tasks/schema.ts). */
export const GUEST_ID_PATTERN = vmidSchema['pattern'] as string;
/** An inventory node name (config/schemas/inventory.schema.json `$defs/nodeName`). */
export const NODE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';

/**
 * What a verb takes as targets: `none` (setup: the hypervisor, no guest), `every-guest` (LetsGo: every guest,
 * always), `guests` (ids or --all; a bare verb never means "everything").
 */
export type TargetRule = 'none' | 'every-guest' | 'guests';
/** Compile options a verb uses; compile() records them in the plan, and a playbook is recompiled with them. */
export type VerbOption = 'all' | 'suite' | 'wipeDisks' | 'applyPending';

export interface VerbSpec {
  /** One line for --help. */
  summary: string;
  targets: TargetRule;
  /** Inventory node names are targets too (`test pve`: the hypervisor's suites on that node). */
  nodeTargets: boolean;
  options: readonly VerbOption[];
}

const guests = { targets: 'guests', nodeTargets: false, options: ['all'] } as const;

export const VERB_TABLE = {
  setup: { summary: 'hypervisor tasks from the hypervisor config (ZFS, storages, NFS, Samba, users, firewall); never reboots', targets: 'none', nodeTargets: false, options: ['wipeDisks'] },
  create: { ...guests, options: ['all', 'applyPending'], summary: 'converge the targets, dependencies first (missing prerequisites are created too)' },
  delete: { ...guests, summary: 'destroy the targets, dependants first; refused while a remaining guest needs one' },
  start: { ...guests, summary: 'start in ascending boot order (templates are never started)' },
  stop: { ...guests, summary: 'stop in reverse boot order; already stopped is fine' },
  restart: { ...guests, summary: 'stop the targets, then start them in boot order' },
  reconfigure: { ...guests, options: ['all', 'applyPending'], summary: 'configuration and features again on existing guests (diff only)' },
  test: { targets: 'guests', nodeTargets: true, options: ['all', 'suite'], summary: 'health checks and test suites of the targets (--suite NAME); a node target runs the hypervisor\'s suites' },
  LetsGo: { summary: 'every guest: created in dependency order, started in boot order', targets: 'every-guest', nodeTargets: false, options: ['applyPending'] },
} as const satisfies Record<string, VerbSpec>;

export type Verb = keyof typeof VERB_TABLE;
export const VERBS = Object.keys(VERB_TABLE) as Verb[];

export const verbSpec = (v: Verb): VerbSpec => VERB_TABLE[v];

export const isVerb = (v: string): v is Verb => Object.hasOwn(VERB_TABLE, v);

/** Verbs that act without targets (every other verb needs ids or --all). */
export const NO_TARGET_VERBS: readonly Verb[] = VERBS.filter((v) => verbSpec(v).targets !== 'guests');

/** A user-given string as one printable line (control characters escaped). */
const printable = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

export function assertVerb(v: string): Verb {
  if (!isVerb(v)) throw new UsageError(`Error: Invalid verb '${printable(v)}'`);
  return v;
}

export function resolveTargets(model: Model, verb: Verb, ids: readonly string[], all: boolean): string[] {
  const spec = verbSpec(verb);
  if (spec.targets === 'every-guest') return [...model.guests.keys()].sort(byId);
  if (spec.targets === 'none') return [];
  if (all) return [...model.guests.keys()].sort(byId);
  if (!ids.length) throw new UsageError(`Error: Verb '${verb}' requires at least one target ID`);
  const isNode = (id: string): boolean => spec.nodeTargets && Object.hasOwn(model.inventory.nodes, id);
  const unknown = ids.filter((id) => !model.guests.has(id) && !isNode(id));
  if (unknown.length) throw new UsageError(unknown.map((id) => `Error: Target ID '${printable(id)}' not found`).join('\n'));
  return [...new Set(ids)];
}

/** PHX-CU-01..03: LXC vs VM by config membership. */
export function resolveTargetType(model: Model, id: string): 'lxc' | 'vm' | 'unknown' {
  return model.guests.get(id)?.kind ?? 'unknown';
}
