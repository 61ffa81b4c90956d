// The task contract. A task kind is the single source of truth for its params (type + JSON Schema), the guests
// it touches, its scheduler resources, whether it mutates, whether `reconfigure` includes it, the host facts it
// needs, and a PURE plan: (facts, params) -> { change, commands }. The runner sends the commands, re-reads what
// the task declares (`reread`), and plans again to confirm the effect. Tasks never do I/O and never edit facts.
import type { NodeFacts } from './facts.js';
import type { HostQuery } from './host/query.js';
import type { ParamSchema } from './schema.js';
import type { SecretRef } from './secret-ref.js';

export type { SecretRef } from './secret-ref.js';

export interface FieldDiff { field: string; from: string | null; to: string | null }

/**
 * `pending`: config keys of the touched guest that wait in its pending section for the next start (already there,
 * or put there by this change's commands on a running guest); reported, never sent again. `applies`: pending keys
 * this change's commands take into effect (a restart).
 */
export type Change =
  | { kind: 'none'; detail?: string; pending?: string[] }
  | { kind: 'create' | 'update' | 'delete' | 'run'; detail: string; diff?: FieldDiff[]; pending?: string[]; applies?: string[] };

/** A config value that may be a literal or a secret reference. */
export type Secretish = string | SecretRef;

/**
 * stdin of a command, in parts the runner concatenates: literal text, a local script file (read on the machine
 * running Phoenix and refused unless its sha256 is the planned one), or a secret (resolved, masked everywhere).
 */
export type StdinPart = string | { file: string; sha256: string } | { secret: SecretRef };

/** How many times, or for how long, a failing command is tried again, and how long to wait in between. */
export type Retry = { attempts: number; intervalMs: number } | { forS: number; intervalMs: number };

export interface Command {
  /** argv, never a shell string: where it has to become one (ssh, sh -c) the connection quotes it once. */
  argv: string[];
  /** Another inventory node runs it (a clone whose source lives there). */
  on?: string;
  stdin?: StdinPart[];
  timeoutMs?: number;
  /** Regex source: output that means "already in that state", accepted as success. */
  okIf?: string;
  /** `agent`: the exit code is the one inside `qm guest exec`'s JSON (qm exits 0 when the guest command failed). */
  judge?: 'exit' | 'agent';
  /** Tried again on any failure (probes: health checks, agent waits); transient errors are retried regardless. */
  retry?: Retry;
  /** Progress line shown before it runs. */
  log?: string;
  /** What the command does, for the failure message: "feature nvidia in CT 950". */
  what?: string;
  /**
   * Sent on the same node when the run is aborted while this command runs: it ends the work this command started
   * where ending the command itself cannot (the process tree of a script in a guest, src/tasks/bounded-exec.ts).
   */
  interrupt?: Command;
}

export interface TaskPlan { change: Change; commands: Command[] }

/** What a plan may know about this run besides the facts. */
export interface PlanEnv {
  /** An earlier step of the same guest changed something in this run. */
  changedBefore: boolean;
  /** --check: nothing will be sent. */
  check: boolean;
  /** The value of a secret reference (resolved by the runner; masked in all output). */
  secret(ref: SecretRef): string;
}

/**
 * What the runner re-reads after the commands, before it plans again to confirm the effect:
 * `guest` the config files of the touched guests; `guest-status` those plus their live status;
 * `host` the host facts the task queries; `none` nothing (probes: their exit code is the result).
 */
export type Reread = 'guest' | 'guest-status' | 'host' | 'none';

export interface TaskDef<P, N extends string = string> {
  name: N;
  /** JSON Schema of P: the playbook loader validates every step's params with it. */
  schema: ParamSchema;
  title(p: P): string;
  /** Does acting change anything on the node? (power/config/create: yes; health checks, tests: no). */
  mutates: boolean;
  /** Part of `reconfigure` (configuration and features again on an existing guest). */
  reconfigure: boolean;
  /**
   * Steps of the tasks sharing this key (one per guest: `start` for lxc.start and vm.start) follow the effective
   * boot order across the guests a verb converges, one boot group after the other. The compiler orders them.
   */
  bootOrder?: 'start' | 'restart';
  /** Acting needs the touched guest to carry Phoenix's ownership tag (else --adopt); power and probes do not. */
  owned: boolean;
  /** The guests it acts on, by vmid: ownership, per-guest limits and re-reads use this, never `step.guest`. */
  guests(p: P): string[];
  /**
   * Guests whose state its plan depends on besides its own (a clone's source). Given the facts: only those it reads
   * on them (a create reads its source only while its own guest is absent); without: every one it may read.
   */
  sources?(p: P, facts?: NodeFacts): string[];
  /**
   * --check: its plan reads what earlier steps of its guest change (the pending section, "did anything change in
   * this run"), so an update or run still pending upstream leaves its answer unknown. Otherwise only a pending create
   * or delete of its guest (or a pending change of a source it reads) does. Default: true for probes (mutates: false).
   */
  readsChanges?: boolean;
  /**
   * The step that defines the guest (create or clone): with --recreate it destroys and re-creates a Phoenix-owned
   * guest that cannot be converged in place; `reconfigure --recreate` keeps it (with `mustExist`: never creating).
   */
  recreates?: boolean;
  /** Scheduler keys beyond node and guest: `storage:<node>:<id>`, `clone:<source>`. */
  resources?(p: P, node: string): string[];
  /** Host facts its plan reads (setup tasks); gathered in the node's one state read. */
  hostQuery?(p: P): Partial<HostQuery>;
  reread: Reread;
  plan(facts: NodeFacts, p: P, env: PlanEnv): TaskPlan;
}

export const none = (detail?: string): Change => (detail ? { kind: 'none', detail } : { kind: 'none' });
export const create = (detail: string): Change => ({ kind: 'create', detail });
export const update = (detail: string, diff?: FieldDiff[]): Change => (diff ? { kind: 'update', detail, diff } : { kind: 'update', detail });
export const remove = (detail: string): Change => ({ kind: 'delete', detail });
export const runs = (detail: string): Change => ({ kind: 'run', detail });
/** The change with the keys that wait for a restart (unchanged when there are none). */
export const withPending = (c: Change, keys: readonly string[]): Change => (keys.length ? { ...c, pending: [...keys] } : c);

/** Nothing to do. */
export const noop = (detail?: string): TaskPlan => ({ change: none(detail), commands: [] });
/** A change and the commands that make it. */
export const act = (change: Change, ...commands: Command[]): TaskPlan => ({ change, commands });
/** A command from argv and options. */
export const cmd = (argv: string[], opts: Omit<Command, 'argv'> = {}): Command => ({ argv, ...opts });
