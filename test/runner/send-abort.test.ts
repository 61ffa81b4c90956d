// The abort plumbing and the journal gate of sendCommand (RunOptions.signal, RunOptions.beforeSend): nothing is sent
// once aborted or refused by the gate; a running command gets the signal, its `interrupt` is sent on the same node
// (and journalled), and the step fails as interrupted; the wrapper's final verdicts are never tried again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Step } from '../../src/compile/plan.js';
import { CommandFailed, Interrupted, PhoenixError } from '../../src/errors.js';
import type { NodeSpec } from '../../src/inventory/model.js';
import type { Connection, ExecOptions, ExecResult } from '../../src/runner/connection.js';
import { executeStep, type NodeRuntime } from '../../src/runner/execute-step.js';
import { sendCommand, type CommandRecord } from '../../src/runner/send-command.js';
import { boundedExec, INTERRUPT } from '../../src/tasks/bounded-exec.js';
import type { Command } from '../../src/tasks/types.js';
import { factsFrom } from '../helpers/facts.js';

class JournalBroken extends PhoenixError { readonly kind = 'task' as const; }

interface Call { argv: string[]; signal?: AbortSignal }

/**
 * A node: `answer` decides each exec; a command whose answer is 'hang' runs until its signal aborts (exit 130), or
 * else ends well after 3 s (so a runner that ignores the abort fails these tests instead of hanging them).
 */
function node(answer: (argv: readonly string[], n: number) => ExecResult | 'hang'): Connection & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    node: 'pve',
    calls,
    async close() {},
    exec(argv, opts: ExecOptions = {}) {
      calls.push({ argv: [...argv], ...(opts.signal ? { signal: opts.signal } : {}) });
      const a = answer(argv, calls.length);
      if (a !== 'hang') return Promise.resolve(a);
      return new Promise((resolve) => {
        const late = setTimeout(() => resolve(ok), 3000);
        const end = (): void => { clearTimeout(late); resolve({ code: 130, stdout: '', stderr: 'phoenix: interrupted; the command was ended\n' }); };
        if (opts.signal?.aborted) end();
        else opts.signal?.addEventListener('abort', end, { once: true });
      });
    },
  };
}

const ok: ExecResult = { code: 0, stdout: '', stderr: '' };
const app: Command = boundedExec('lxc', '950', ['/var/lib/phoenix/apps/a.sh', '950'], { label: 'application script a.sh', timeoutS: 60, what: 'application script a.sh in CT 950' });

test('beforeSend is called before every command is sent, retries included; a throw refuses the send', async () => {
  let gate = 0;
  const conn = node((_, n) => (n < 3 ? { code: 1, stdout: '', stderr: 'not yet' } : ok));
  await sendCommand(conn, { argv: ['probe'], retry: { attempts: 3, intervalMs: 0 } }, { sleep: async () => {}, beforeSend: () => { gate++; } });
  assert.is(conn.calls.length, 3);
  assert.is(gate, 3, 'once per send');
  const refused = node(() => ok);
  try {
    await sendCommand(refused, { argv: ['qm', 'start', '1000'] }, { beforeSend: () => { throw new JournalBroken('journal .phoenix/runs/x.ndjson: ENOSPC'); } });
    assert.unreachable('the gate refused');
  } catch (e) {
    assert.instance(e, JournalBroken);
  }
  assert.equal(refused.calls, [], 'nothing was sent');
});

test('already aborted: nothing is sent, the command is interrupted', async () => {
  const conn = node(() => ok);
  const ac = new AbortController();
  ac.abort();
  try {
    await sendCommand(conn, app, { signal: ac.signal });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, Interrupted);
    assert.match((e as Error).message, /^interrupted: application script a\.sh in CT 950: not sent/);
  }
  assert.equal(conn.calls, []);
});

test('aborted while a script runs in the guest: the command gets the signal, the interrupt ends the script\'s tree, both journalled', async () => {
  const ac = new AbortController();
  const conn = node((argv) => (argv.includes(INTERRUPT) ? ok : 'hang'));
  const records: CommandRecord[] = [];
  setTimeout(() => ac.abort(), 10);
  try {
    await sendCommand(conn, app, { signal: ac.signal, onCommand: (r) => records.push(r) });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, Interrupted);
    assert.match((e as Error).message, /interrupted: application script a\.sh in CT 950 was ended with its processes in the guest$/);
  }
  assert.is(conn.calls[0]!.signal, ac.signal, 'the connection can end the running command');
  assert.equal(conn.calls[1]!.argv, ['pct', 'exec', '950', '--', '/bin/sh', '-c', INTERRUPT, 'phoenix-interrupt', 'application script a.sh']);
  assert.equal(records.map((r) => r.code), [0, 130], 'the interrupt and the ended command are journalled');
});

test('a VM script interrupted: qm exits 0, the agent says 130: interrupted, not a failure of the script', async () => {
  const ac = new AbortController();
  const vm = boundedExec('vm', '1000', ['/x.sh'], { label: 'feature x', timeoutS: 60, what: 'feature x in VM 1000' });
  let release: (() => void) | undefined;
  const conn: Connection = {
    node: 'pve', async close() {},
    exec(argv) {
      if (argv.includes(INTERRUPT)) { release?.(); return Promise.resolve({ code: 0, stdout: JSON.stringify({ exitcode: 0, exited: 1 }), stderr: '' }); }
      return new Promise((resolve) => { release = () => resolve({ code: 0, stdout: JSON.stringify({ exitcode: 130, exited: 1, 'err-data': 'phoenix: feature x interrupted; its processes in the guest were ended' }), stderr: '' }); });
    },
  };
  setTimeout(() => ac.abort(), 10);
  try {
    await sendCommand(conn, vm, { signal: ac.signal });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, Interrupted);
  }
});

test('aborted while waiting to retry: no further attempt', async () => {
  const ac = new AbortController();
  const conn = node(() => ({ code: 1, stdout: '', stderr: 'not yet' }));
  // a long wait (3 s stands for the minute): the abort must cut it short
  const timers: NodeJS.Timeout[] = [];
  const never = (): Promise<void> => new Promise((r) => { timers.push(setTimeout(r, 3000)); });
  setTimeout(() => ac.abort(), 10);
  try {
    await sendCommand(conn, { argv: ['probe'], retry: { attempts: 50, intervalMs: 60_000 } }, { signal: ac.signal, sleep: never });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, Interrupted);
  }
  assert.is(conn.calls.length, 1);
  timers.forEach(clearTimeout);
});

test('a command that finished before the abort keeps its result', async () => {
  const ac = new AbortController();
  const conn = node(() => { ac.abort(); return { code: 0, stdout: 'done', stderr: '' }; });
  assert.is(await sendCommand(conn, { argv: ['pct', 'start', '950'] }, { signal: ac.signal }), 'done');
});

test('the wrapper\'s verdicts are final: a timed-out or refused script is neither retried as transient nor by its attempts', async () => {
  for (const stderr of [
    'Resource temporarily unavailable\nphoenix: application script a.sh timed out after 1m; its processes in the guest were ended',
    'phoenix: application script a.sh not started: application script a.sh (pid 77) still runs in this guest; wait for it to end or stop it',
  ]) {
    const conn = node(() => ({ code: 124, stdout: '', stderr }));
    try {
      await sendCommand(conn, { ...app, retry: { attempts: 3, intervalMs: 0 } }, { sleep: async () => {} });
      assert.unreachable();
    } catch (e) {
      assert.instance(e, CommandFailed);
    }
    assert.is(conn.calls.length, 1, stderr);
  }
});

const spec = { name: 'pve', connection: 'local', pveRoot: '/etc/pve', imageDir: '/var/lib/vz/template/iso', pveNode: 'pve', hostRoot: '/', sharedStorages: [] } as unknown as NodeSpec;

test('executeStep: the gate covers the re-read too; a passed health check re-reads the guest, so its record is in the facts', async () => {
  const conf = (tags: string): string => `\x1elxc\nhostname: ct950\ntags: ${tags}\n`;
  let tags = 'phoenix';
  const conn = node((argv) => {
    if (argv[0] === 'pct' && argv[3] === '--tags') { tags = argv[4]!; return ok; }
    if (argv[0] === 'sh' && argv[3] === 'phoenix-facts') return { code: 0, stdout: conf(tags), stderr: '' };
    return ok;
  });
  const rt: NodeRuntime = { spec, conn, facts: factsFrom({ '950': { status: 'running', config: { tags: 'phoenix' } } }) };
  const step: Step = {
    id: '950:lxc.health', node: 'pve', guest: '950', task: 'lxc.health', after: [],
    params: { vmid: '950', kind: 'lxc', name: 'ok', argv: ['/bin/true'], retries: 1, intervalS: 0, onlyAfterChange: true },
  };
  let gate = 0;
  const r = await executeStep(step, rt, { check: false, beforeSend: () => { gate++; } }, { changedBefore: false });
  assert.is(r.status, 'ok');
  assert.match(rt.facts.guests.get('950')!.config.tags ?? '', /phx-h-[0-9a-f]{8}-950/);
  assert.is(gate, conn.calls.length, 'every exec, the re-read included, passed the gate');
  assert.ok(conn.calls.some((c) => c.argv[3] === 'phoenix-facts'), 're-read');
});

test.run();
