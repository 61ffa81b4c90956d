// Verbs and their target rules, in one table: the CLI, the help text (src/cli/help.ts) and the playbook schema
// (src/compile/playbook-schema.ts) are generated from it. Then: which guests (or nodes) a verb acts on.
import { UsageError } from '../errors.js';
import type { Model } from '../inventory/model.js';
import { vmidSchema } from '../tasks/schema.js';
import { byId } from './graph.js';
import { didYouMean } from './nearest.js';

/** A CT/VM id as targets, steps and params carry it (the configuration schemas' `vmid`; tasks/schema.ts). */
export const GUEST_ID_PATTERN = vmidSchema['pattern'] as string;
/** An inventory node name (config/schemas/inventory.schema.json `$defs/nodeName`). */
export const NODE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';

/**
 * What a verb takes as targets (ids, `--limit`):
 * `nodes` (setup: inventory node names; none = every node), `every-guest` (LetsGo: guest ids or node names, a node
 * standing for its guests; none = every guest), `guests` (ids or --all; a bare verb never means "everything").
 */
export type TargetRule = 'nodes' | 'every-guest' | 'guests';
/** Compile options a verb uses; compile() records them in the plan, and a playbook is recompiled with them. */
export type VerbOption = 'all' | 'suite' | 'wipeDisks' | 'applyPending' | 'recreate';

export interface VerbSpec {
  /** One line for --help. */
  summary: string;
  targets: TargetRule;
  /** Inventory node names are targets too (`test pve`: the hypervisor's suites on that node; `LetsGo pve`: its guests). */
  nodeTargets: boolean;
  options: readonly VerbOption[];
}

const guests = { targets: 'guests', nodeTargets: false, options: ['all'] } as const;

export const VERB_TABLE = {
  setup: { summary: 'hypervisor tasks from the hypervisor config (ZFS, storages, NFS, Samba, users, firewall); never reboots', targets: 'nodes', nodeTargets: true, options: ['wipeDisks'] },
  create: { ...guests, options: ['all', 'applyPending', 'recreate'], summary: 'converge the targets, dependencies first (missing prerequisites are created too)' },
  delete: { ...guests, summary: 'destroy the targets, dependants first; refused while a remaining guest needs one' },
  start: { ...guests, summary: 'start in ascending boot order (templates are never started)' },
  stop: { ...guests, summary: 'stop in reverse boot order; already stopped is fine' },
  restart: { ...guests, summary: 'stop the targets, then start them in boot order' },
  reconfigure: { ...guests, options: ['all', 'applyPending', 'recreate'], summary: 'configuration and features again on existing guests (diff only)' },
  test: { targets: 'guests', nodeTargets: true, options: ['all', 'suite'], summary: 'health checks and test suites of the targets (--suite NAME); a node target runs the hypervisor\'s suites' },
  LetsGo: { summary: 'every guest: created in dependency order, started in boot order', targets: 'every-guest', nodeTargets: true, options: ['applyPending', 'recreate'] },
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
  if (!isVerb(v)) throw new UsageError(`Error: Invalid verb '${printable(v)}'${didYouMean(v, VERBS)}`);
  return v;
}

/** The seed's line verbatim, then how to name targets (the CLI's own check, src/cli/parse-args.ts, says the same). */
export class NoTargets extends UsageError {
  constructor(readonly verb: Verb) { super(`Error: Verb '${verb}' requires at least one target ID`); }
  override lines(): string[] { return [this.message, `hint: name the guests (phoenix ${this.verb} 950 951) or use --all for every guest`]; }
}

const nodeNames = (model: Model): string[] => Object.keys(model.inventory.nodes).sort();
const guestIds = (model: Model): string[] => [...model.guests.keys()].sort(byId);

/** `Error: Target ID 'x' not found`, with the nearest known ids (and nodes, where the verb takes them). */
function unknownTarget(id: string, candidates: readonly string[]): string {
  return `Error: Target ID '${printable(id)}' not found${didYouMean(id, candidates)}`;
}

/** setup: inventory node names; a guest id or an unknown word is refused, naming what would have fit. */
function resolveNodes(model: Model, verb: Verb, ids: readonly string[]): string[] {
  const nodes = nodeNames(model);
  const problems: string[] = [];
  for (const id of ids) {
    if (nodes.includes(id)) continue;
    const g = model.guests.get(id);
    if (g) problems.push(`Error: ${verb} acts on nodes, and '${printable(id)}' is a guest (on node '${g.node}': phoenix ${verb} --limit ${g.node})`);
    else problems.push(`Error: Node '${printable(id)}' not found${didYouMean(id, nodes) || ` (nodes: ${nodes.join(', ')})`}`);
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  return [...new Set(ids)];
}

/**
 * The targets a plan records: guest ids (and, for `test`, node names); setup: node names. LetsGo and setup with
 * no ids (or --all) act on everything and record no targets; a node given to LetsGo stands for its guests.
 */
export function resolveTargets(model: Model, verb: Verb, ids: readonly string[], all: boolean): string[] {
  const spec = verbSpec(verb);
  if (spec.targets === 'nodes') return all ? [] : resolveNodes(model, verb, ids);
  if (spec.targets === 'every-guest' && (all || !ids.length)) return [];
  if (spec.targets === 'guests' && all) return guestIds(model);
  if (!ids.length) throw new NoTargets(verb);
  const isNode = (id: string): boolean => spec.nodeTargets && Object.hasOwn(model.inventory.nodes, id);
  const unknown = ids.filter((id) => !model.guests.has(id) && !isNode(id));
  const candidates = [...guestIds(model), ...(spec.nodeTargets ? nodeNames(model) : [])];
  if (unknown.length) throw new UsageError(unknown.map((id) => unknownTarget(id, candidates)).join('\n'));
  if (spec.targets === 'every-guest') {
    // a node stands for the guests that run on it
    const picked = new Set(ids.flatMap((id) => (model.guests.has(id) ? [id] : [...model.guests.values()].filter((g) => g.node === id).map((g) => g.id))));
    // no targets would mean every guest: a node without guests selects nothing, and says so
    if (!picked.size) throw new UsageError(`Error: no guest runs on ${ids.map((n) => `'${printable(n)}'`).join(', ')}: nothing for ${verb} to do`);
    return [...picked].sort(byId);
  }
  return [...new Set(ids)];
}

/** PHX-CU-01..03: LXC vs VM by config membership. */
export function resolveTargetType(model: Model, id: string): 'lxc' | 'vm' | 'unknown' {
  return model.guests.get(id)?.kind ?? 'unknown';
}
