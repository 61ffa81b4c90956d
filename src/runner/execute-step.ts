// One step: check against the facts, act only when needed, retry by error class, keep the facts current.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Step } from '../compile/plan.js';
import { CommandFailed } from '../errors.js';
import type { NodeSpec } from '../inventory/model.js';
import type { NodeFacts } from '../tasks/facts.js';
import { taskFor } from '../tasks/registry.js';
import type { ApplyContext, Change } from '../tasks/types.js';
import { backoffMs, classify, DEFAULT_BACKOFF, type Backoff } from './classify.js';
import type { Connection, ExecResult } from './connection.js';
import { refreshGuest } from './facts/gather-facts.js';
import { resolveSecret } from './secrets.js';
import { adoptArgv, isOwned, needsOwnership, NotOwned } from './ownership.js';

export interface NodeRuntime { spec: NodeSpec; conn: Connection; facts: NodeFacts }

export interface CommandRecord { node: string; argv: readonly string[]; code: number; ms: number; stderr: string }

export interface StepEnv {
  check: boolean;
  backoff?: Backoff;
  sleep?: (ms: number) => Promise<void>;
  onCommand?: (r: CommandRecord) => void;
  onLog?: (line: string) => void;
  /** Other nodes' runtimes (cross-node clones). */
  runtime?: (node: string) => NodeRuntime | undefined;
  /** Where plan script paths (`features/x.sh`) resolve from. */
  scriptsDir?: string;
  /** Where relative secret files resolve from (the config file's directory). */
  baseDir?: string;
  /** --adopt: take over guests that carry no Phoenix record. */
  adopt?: boolean;
}

export type StepStatus = 'ok' | 'changed' | 'pending' | 'unknown' | 'failed' | 'not-run';
export interface StepResult { status: StepStatus; change?: Change; detail?: string; error?: Error; commands: number }

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function context(rt: NodeRuntime, env: StepEnv, counter: { n: number }): ApplyContext {
  const sendOn = (on: NodeRuntime) => async (argv: readonly string[], opts: { stdin?: string; timeoutMs?: number } = {}): Promise<ExecResult> => {
    const t0 = Date.now();
    const r = await on.conn.exec(argv, opts);
    counter.n++;
    env.onCommand?.({ node: on.spec.name, argv, code: r.code, ms: Date.now() - t0, stderr: r.stderr });
    return r;
  };
  const backoff = env.backoff ?? DEFAULT_BACKOFF;
  const runOn = (on: NodeRuntime) => async (argv: readonly string[], opts: { stdin?: string; timeoutMs?: number; okIf?: RegExp } = {}): Promise<string> => {
    const send = sendOn(on);
    for (let attempt = 1; ; attempt++) {
      const r = await send(argv, opts);
      if (r.code === 0) return r.stdout;
      const text = `${r.stderr}\n${r.stdout}`;
      if (opts.okIf?.test(text)) return r.stdout;
      if (classify(text) === 'transient' && attempt < backoff.attempts) {
        const ms = backoffMs(attempt, backoff);
        env.onLog?.(`${argv.slice(0, 2).join(' ')}: ${r.stderr.trim().split('\n')[0]} - retry ${attempt}/${backoff.attempts - 1} in ${ms} ms`);
        await (env.sleep ?? realSleep)(ms);
        continue;
      }
      throw new CommandFailed(on.spec.name, argv, r.code, r.stderr || r.stdout);
    }
  };
  return {
    facts: rt.facts,
    log: (line) => env.onLog?.(line),
    probe: sendOn(rt),
    run: runOn(rt),
    runOn(node, argv, opts) {
      const other = env.runtime?.(node);
      if (!other) throw new Error(`node ${node} is not connected (needed for a clone from it)`);
      return runOn(other)(argv, opts);
    },
    refresh: (vmid, status) => refreshGuest(rt.conn, rt.spec, rt.facts, vmid, status),
    secret: (ref) => resolveSecret(ref, env.baseDir ?? process.cwd()),
    async readLocal(path, sha256) {
      const text = await readFile(isAbsolute(path) ? path : join(env.scriptsDir ?? process.cwd(), path), 'utf8');
      const got = createHash('sha256').update(text).digest('hex');
      if (got !== sha256) throw new Error(`${path} changed since the plan was compiled (sha256 ${got.slice(0, 8)}, planned ${sha256.slice(0, 8)}): recompile`);
      return text;
    },
  };
}

export async function executeStep(step: Step, rt: NodeRuntime, env: StepEnv, changedBefore = false): Promise<StepResult> {
  const task = taskFor(step.task);
  const counter = { n: 0 };
  const change = task.check(rt.facts, step.params, { changedBefore, check: env.check, secret: (ref) => resolveSecret(ref, env.baseDir ?? process.cwd()) });
  if (change.kind === 'none') return { status: 'ok', change, commands: 0 };
  const g = step.guest ? rt.facts.guests.get(step.guest) : undefined;
  const adopting = !!g && needsOwnership(step) && !isOwned(g);
  if (adopting && !env.adopt) throw new NotOwned(g.vmid, rt.spec.name);
  if (!task.mutates && env.check) return { status: 'ok', detail: 'probe: not run in check mode', commands: 0 };
  if (env.check) return { status: 'pending', change, commands: 0 };
  const ctx = context(rt, env, counter);
  if (adopting && g) {
    const argv = adoptArgv(g);
    await ctx.run(argv);
    g.config.tags = argv[argv.length - 1]!;
    ctx.log(`adopted ${g.vmid}: tagged as Phoenix's`);
  }
  try {
    await task.apply(ctx, step.params);
  } catch (e) {
    // already done by someone else (or by an earlier, interrupted run): re-read, re-check, accept if converged
    if (e instanceof CommandFailed && classify(e.stderr) === 'already-done' && step.guest) {
      rt.facts.guests.delete(step.guest);
      await ctx.refresh(step.guest);
      if (task.check(rt.facts, step.params).kind === 'none') {
        return { status: 'ok', change, detail: `already done: ${e.stderr.trim().split('\n')[0]}`, commands: counter.n };
      }
    }
    throw e;
  }
  if (!task.mutates) return { status: 'ok', detail: `${change.detail}: passed`, commands: counter.n };
  return { status: 'changed', change, commands: counter.n };
}
