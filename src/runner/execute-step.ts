// One step, the same way for every task: plan from the facts; in check mode stop there; else send the planned
// commands, re-read what the task declares, plan again and require "nothing to do" (the effect is confirmed,
// and check and act cannot disagree). The facts are refreshed here, never by a task.
import { defOf, planOf } from '../compile/step-def.js';
import type { Step, StepOf } from '../compile/plan.js';
import { CommandFailed, PhoenixError } from '../errors.js';
import type { NodeSpec } from '../inventory/model.js';
import type { NodeFacts } from '../tasks/facts.js';
import { mergeQueries } from '../tasks/host/query.js';
import type { TaskName } from '../tasks/registry.js';
import type { Change, Command, PlanEnv, TaskPlan } from '../tasks/types.js';
import { classify } from './classify.js';
import { reporting, type Connection } from './connection.js';
import { gatherHostFacts, mergeHostFacts } from './facts/gather-host.js';
import { refreshGuest } from './facts/gather-facts.js';
import { adoptArgv, isOwned, NotOwned } from './ownership.js';
import { displayArgv } from './quote.js';
import { mask, resolveSecret } from './secrets.js';
import { sendCommandFull, type SendEnv } from './send-command.js';
import { displayText, meaningfulLines } from './warning-lines.js';

export type { CommandRecord } from './send-command.js';

export interface NodeRuntime { spec: NodeSpec; conn: Connection; facts: NodeFacts }

export interface StepEnv extends SendEnv {
  check: boolean;
  /** Other nodes' runtimes (cross-node clones). */
  runtime?: (node: string) => NodeRuntime | undefined;
  /** --adopt: take over guests that carry no Phoenix record. */
  adopt?: boolean;
}

export type StepStatus = 'ok' | 'changed' | 'pending' | 'unknown' | 'failed' | 'not-run';
export interface StepResult {
  status: StepStatus;
  change?: Change;
  detail?: string;
  error?: Error;
  /** Commands sent (or, in check mode, that would be sent). */
  commands: number;
  planned?: Command[];
  /** What successful commands printed as warnings (send-command.ts, warning-lines.ts), in order; escaped. */
  warnings?: string[];
}

/** The output of the last command a step sent: what NotConverged quotes. */
export interface LastOutput { argv: readonly string[]; stdout: string; stderr: string }

/**
 * `; \`argv\` exited 0 and printed on stderr: a | b; stdout ends: c`: what PVE said when it accepted a command and
 * did something else. `pct resize`, `qm resize` / `qm disk resize` and `qm template` are registered in $cmddef
 * without $upid_exit (pve-container src/PVE/CLI/pct.pm:1105 resize, :1178 template; qemu-server
 * src/PVE/CLI/qm.pm:1442 disk resize (`resize` is its alias, :1434), :1410 template): the CLI exits 0 whatever
 * the worker did, and the worker's error is on stderr ($tee_worker's `TASK ERROR`, pve-common
 * src/PVE/RESTEnvironment.pm:494), its log on stdout. Escaped and masked: no quoted line can start a line.
 */
export function describeLast(last: LastOutput): string {
  const err = meaningfulLines(last.stderr).slice(-5);
  const out = meaningfulLines(last.stdout).slice(-3);
  const quote = (lines: string[]): string => displayText(mask(lines.join(' | ')));
  const said = [...(err.length ? [`printed on stderr: ${quote(err)}`] : []), ...(out.length ? [`${err.length ? 'stdout' : 'printed on stdout'} ends: ${quote(out)}`] : [])];
  return `; \`${displayArgv(last.argv)}\` exited 0 and ${said.length ? said.join('; ') : 'printed nothing'}`;
}

/** The act did not leave the guest (or host) in the planned state: PVE accepted the command and did something else. */
export class NotConverged extends PhoenixError {
  readonly kind = 'task' as const;
  constructor(step: string, detail: string, readonly last?: LastOutput) {
    super(`${step}: the commands succeeded, but a re-read still shows: ${detail}${last ? describeLast(last) : ''}`);
  }
}

async function reread<N extends TaskName>(step: StepOf<N>, rt: NodeRuntime): Promise<void> {
  const { def, params } = defOf(step);
  if (def.reread === 'none') return;
  if (def.reread === 'host') {
    const q = def.hostQuery?.(params);
    if (!q) return;
    const query = mergeQueries([q]);
    const fresh = await gatherHostFacts(rt.conn, rt.spec, query);
    rt.facts.host = rt.facts.host ? mergeHostFacts(rt.facts.host, fresh, query) : fresh;
    return;
  }
  for (const vmid of def.guests(params)) await refreshGuest(rt.conn, rt.spec, rt.facts, vmid, def.reread === 'guest-status' ? 'live' : 'keep');
}

/** `conn` with `beforeSend` called before every exec (a throw refuses it: nothing is sent). */
function gated(conn: Connection, beforeSend: (() => void) | undefined): Connection {
  if (!beforeSend) return conn;
  return { node: conn.node, close: () => conn.close(), exec: async (argv, opts) => { beforeSend(); return conn.exec(argv, opts); } };
}

/** The guests this step needs to be Phoenix's, that are not (yet). */
function unowned(step: Step, facts: NodeFacts): string[] {
  const { def, params } = defOf(step);
  if (!def.owned) return [];
  return def.guests(params).filter((vmid) => {
    const g = facts.guests.get(vmid);
    return g !== undefined && !isOwned(g);
  });
}

export interface StepInfo {
  /** An earlier step of the same guest changed something in this run. */
  changedBefore?: boolean;
  /** A step it waits for on another node changed something: re-read what the task reads before planning. */
  stale?: boolean;
  /** Awaited once the step has planned commands, before the first is sent (the scheduler takes a clone source). */
  ready?: () => Promise<void>;
  /** Called once the step's commands have all returned, before its re-read (the scheduler frees a clone source). */
  commandsDone?: () => void;
}

/** What a step decided from the facts alone: its result, or the commands to send (and whom to adopt first). */
type Decision = { done: StepResult } | { act: TaskPlan; adopt: string[] };

function planEnvOf(env: StepEnv, info: StepInfo): PlanEnv {
  return { changedBefore: info.changedBefore ?? false, check: env.check, secret: (ref) => resolveSecret(ref, env.baseDir ?? process.cwd()) };
}

/** Plan from the facts: nothing to do, check mode, or a refusal end the step here; else what it must send. */
function decide(step: Step, rt: NodeRuntime, env: StepEnv, planEnv: PlanEnv, sent: number): Decision {
  const { def } = defOf(step);
  const planned = planOf(step, rt.facts, planEnv);
  const change = planned.change;
  if (change.kind === 'none') return { done: { status: 'ok', change, commands: sent } };
  const adopt = unowned(step, rt.facts);
  if (adopt.length && !env.adopt) throw new NotOwned(adopt[0]!, rt.spec.name, rt.facts.guests.get(adopt[0]!));
  if (!def.mutates && env.check) return { done: { status: 'ok', detail: 'probe: not run in check mode', commands: 0, planned: planned.commands } };
  if (env.check) return { done: { status: 'pending', change, commands: 0, planned: planned.commands } };
  return { act: planned, adopt };
}

/**
 * The step's result when the facts already answer it (nothing to do, or check mode) and it need not re-read first:
 * at once, without a promise (most steps of a no-op run). Undefined when it must send or re-read: executeStep.
 * Throws as executeStep would (NotOwned).
 */
export function settleStep(step: Step, rt: NodeRuntime, env: StepEnv, info: StepInfo = {}): StepResult | undefined {
  if (info.stale && !env.check) return undefined;
  const d = decide(step, rt, env, planEnvOf(env, info), 0);
  return 'done' in d ? d.done : undefined;
}

export async function executeStep(step: Step, rt: NodeRuntime, env: StepEnv, info: StepInfo = {}): Promise<StepResult> {
  const { def } = defOf(step);
  const planEnv = planEnvOf(env, info);
  let sent = 0;
  // re-reads go through a reporting connection: they count as round trips and show in the journal; and through the
  // beforeSend gate like every command (made when first needed: a step with nothing to do re-reads nothing)
  let readVia: NodeRuntime | undefined;
  const read = (): NodeRuntime => (readVia ??= { ...rt, conn: reporting(gated(rt.conn, env.beforeSend), (r) => { sent++; env.onCommand?.(r); }) });
  if (info.stale && !env.check) await reread(step, read());
  const d = decide(step, rt, env, planEnv, sent);
  if ('done' in d) return d.done;
  const { act: planned, adopt } = d;
  const change = planned.change;
  // what the step holds only while it acts (a clone source): taken now, after the pre-read and the plan
  await info.ready?.();

  const warnings: string[] = [];
  let last: LastOutput | undefined;
  const send = async (c: Command): Promise<string> => {
    const on = c.on !== undefined ? env.runtime?.(c.on) : rt;
    if (!on) throw new Error(`node ${c.on} is not connected (needed for a clone from it)`);
    sent++;
    const r = await sendCommandFull(on.conn, c, env);
    warnings.push(...r.warnings);
    last = { argv: c.argv, stdout: r.stdout, stderr: r.stderr };
    return r.stdout;
  };
  const warned = (): { warnings?: string[] } => (warnings.length ? { warnings } : {});
  for (const vmid of adopt) {
    const g = rt.facts.guests.get(vmid)!;
    await send({ argv: adoptArgv(g) });
    await refreshGuest(read().conn, rt.spec, rt.facts, vmid, 'keep');
    env.onLog?.(`adopted ${vmid}: tagged as Phoenix's`);
  }
  try {
    for (const c of planned.commands) await send(c);
    info.commandsDone?.();
  } catch (e) {
    // already done by someone else (or by an earlier, interrupted run): re-read, plan again, accept if converged
    if (e instanceof CommandFailed && classify(e.stderr) === 'already-done' && def.reread !== 'none') {
      await reread(step, read());
      if (planOf(step, rt.facts, planEnv).change.kind === 'none') {
        return { status: 'ok', change, detail: `already done: ${e.stderr.trim().split('\n')[0]}`, commands: sent, ...warned() };
      }
    }
    throw e;
  }
  if (!def.mutates) {
    // a probe that records its result (a health check's pass, health-record.ts) re-reads what it wrote
    await reread(step, read());
    return { status: 'ok', detail: `${change.detail}: passed`, commands: sent, ...warned() };
  }
  await reread(step, read());
  const after = planOf(step, rt.facts, { ...planEnv, changedBefore: true });
  if (after.change.kind !== 'none' && def.reread !== 'none') throw new NotConverged(step.id, after.change.detail, last);
  return { status: 'changed', change, commands: sent, planned: planned.commands, ...warned() };
}
