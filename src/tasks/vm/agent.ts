// Guest agent wait, bounded and staged: first the agent answers `ping`, then it can `exec`. Each stage is one
// command the runner retries for its time budget; the failure names the stage. Awaited only after something of
// the VM changed in this run (e.g. it was just started): a probe, it changes nothing.
import { guestOf } from '../facts.js';
import { int, obj, vmidSchema } from '../schema.js';
import { act, cmd, noop, runs, type TaskDef } from '../types.js';

export interface AgentParams { vmid: string; pingTimeoutS: number; execTimeoutS: number; intervalMs: number }

/**
 * How long `qm guest exec` waits for `true` to exit. Explicit, so every guest-agent exec carries its bound: qm's own
 * default is the same 30 s (qemu-server src/PVE/CLI/qm.pm:983 `timeout`, default 30), and reaching it only stops the
 * waiting ("timeout reached, returning pid", :1036-1050); `true` exits at once, so a reached bound means the agent
 * cannot run commands yet and the stage tries again.
 */
export const EXEC_WAIT_S = 30;

/**
 * One try of a stage, longer than qm's own waits so qm reports first: `qm guest cmd` gives up on a silent agent
 * after 5 s (qemu-server PVE/QMPClient.pm cmd), `qm guest exec` after EXEC_WAIT_S.
 */
const TRY_MS = 45_000;

export const vmAgent: TaskDef<AgentParams, 'vm.agent'> = {
  name: 'vm.agent',
  schema: obj({ vmid: vmidSchema, pingTimeoutS: int({ minimum: 0 }), execTimeoutS: int({ minimum: 0 }), intervalMs: int({ minimum: 1 }) }),
  mutates: false,
  reconfigure: false,
  owned: false,
  reread: 'none',
  guests: (p) => [p.vmid],
  title: (p) => `VM ${p.vmid}: guest agent`,
  plan(facts, p, env) {
    const g = guestOf(facts, p.vmid);
    if (!g) throw new Error(`VM ${p.vmid} does not exist on ${facts.node}`);
    if (!env.changedBefore) return noop('VM unchanged: agent not awaited');
    const stage = (name: string, forS: number) => ({
      retry: { forS, intervalMs: p.intervalMs },
      timeoutMs: TRY_MS,
      what: `guest agent stage '${name}' of VM ${p.vmid} (waited ${forS}s)`,
    });
    return act(
      runs('wait for the guest agent'),
      cmd(['qm', 'guest', 'cmd', p.vmid, 'ping'], { ...stage('ping', p.pingTimeoutS), log: `VM ${p.vmid}: waiting for the guest agent` }),
      // the agent answers ping before it can run commands; `judge: 'agent'` reads the exit code of `true` itself
      cmd(['qm', 'guest', 'exec', p.vmid, '--timeout', String(EXEC_WAIT_S), '--', 'true'], { ...stage('exec', p.execTimeoutS), judge: 'agent' }),
    );
  },
};
