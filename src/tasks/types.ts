// A task kind: check answers from facts (no I/O), apply sends the commands. One file per kind.
import type { GuestFacts, NodeFacts } from './facts.js';

export interface FieldDiff { field: string; from: string | null; to: string | null }

export type Change =
  | { kind: 'none'; detail?: string }
  | { kind: 'create' | 'update' | 'delete' | 'run'; detail: string; diff?: FieldDiff[] };

export interface ApplyContext {
  facts: NodeFacts;
  /** Run a command on the node; throws CommandFailed on a non-zero exit (after classified retries). */
  run(argv: readonly string[], opts?: { stdin?: string; timeoutMs?: number; okIf?: RegExp }): Promise<string>;
  /** `run` on another node of the inventory (a clone whose source lives there). */
  runOn(node: string, argv: readonly string[], opts?: { stdin?: string; timeoutMs?: number; okIf?: RegExp }): Promise<string>;
  /** Run and return the raw result without judging the exit code. */
  probe(argv: readonly string[], opts?: { stdin?: string; timeoutMs?: number }): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Re-read one guest's config from the node after an act; `status` is the one the act implies (e.g. stopped after a clone). */
  refresh(vmid: string, status?: string): Promise<GuestFacts | undefined>;
  /** A file on the machine running Phoenix (feature/app scripts), refused when its sha256 is not the planned one. */
  readLocal(path: string, sha256: string): Promise<string>;
  /** The value of a secret given by reference ({"$secret": "env:NAME"}); masked in all output from now on. */
  secret(ref: { $secret: string }): string;
  /** A progress line for long work. */
  log(line: string): void;
}

/** What a check may know about this run besides the facts. */
export interface CheckEnv {
  /** An earlier step of the same guest changed something in this run. */
  changedBefore: boolean;
  check: boolean;
  /** The value of a secret reference (resolved by the runner, masked in all output). */
  secret?: (ref: { $secret: string }) => string;
}

/** A config value that may be a literal or a secret reference. */
export type Secretish = string | { $secret: string };

export interface TaskDef<P = Record<string, unknown>> {
  name: string;
  title(p: P): string;
  /** Does apply change anything on the node? (power/config/create: yes; a pure probe: no). */
  mutates: boolean;
  check(facts: NodeFacts, p: P, env?: CheckEnv): Change;
  apply(ctx: ApplyContext, p: P): Promise<void>;
}

export const none = (detail?: string): Change => (detail ? { kind: 'none', detail } : { kind: 'none' });
export const create = (detail: string): Change => ({ kind: 'create', detail });
export const update = (detail: string, diff?: FieldDiff[]): Change => (diff ? { kind: 'update', detail, diff } : { kind: 'update', detail });
export const remove = (detail: string): Change => ({ kind: 'delete', detail });
export const runs = (detail: string): Change => ({ kind: 'run', detail });
