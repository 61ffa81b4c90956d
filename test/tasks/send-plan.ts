// For task tests that assert what the runner makes of a plan (retries, `qm guest exec` judged by its JSON, the
// failure message): the planned commands sent through the real sendCommand over a scripted connection.
import type { Connection, ExecResult } from '../../src/runner/connection.js';
import { sendCommand } from '../../src/runner/send-command.js';
import type { Command, TaskPlan } from '../../src/tasks/types.js';

export interface Answer { code: number; stdout?: string; stderr?: string }

/**
 * Sends the plan's commands in order until one fails. `answers` maps a joined-argv prefix to a result (default:
 * exit 0, no output). Script stdin parts are dropped: reading and verifying them is send-command's own test.
 */
export async function sendPlan(plan: TaskPlan, answers: Record<string, Answer> = {}): Promise<{ sent: string[][]; error?: Error }> {
  const sent: string[][] = [];
  const conn: Connection = {
    node: 'pve',
    async exec(argv): Promise<ExecResult> {
      sent.push([...argv]);
      const key = Object.keys(answers).find((k) => argv.join(' ').startsWith(k));
      const a = key !== undefined ? answers[key]! : { code: 0 };
      return { code: a.code, stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
    },
    async close() {},
  };
  const withoutFiles = (c: Command): Command => {
    const { stdin, ...rest } = c;
    const kept = (stdin ?? []).filter((s) => typeof s === 'string' || !('file' in s));
    return kept.length ? { ...rest, stdin: kept } : rest;
  };
  try {
    for (const c of plan.commands) await sendCommand(conn, withoutFiles(c), { sleep: async () => {} });
    return { sent };
  } catch (e) {
    return { sent, error: e as Error };
  }
}
