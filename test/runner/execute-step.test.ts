// executeStep: plan, act, re-read, plan again. A table-driven process fake stands in for the node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Step } from '../../src/compile/plan.js';
import type { NodeSpec } from '../../src/inventory/model.js';
import type { Connection, ExecResult } from '../../src/runner/connection.js';
import { executeStep, NotConverged, type NodeRuntime } from '../../src/runner/execute-step.js';
import { NotOwned } from '../../src/runner/ownership.js';
import { factsFrom } from '../helpers/facts.js';

const spec = { name: 'pve', connection: 'local', pveRoot: '/etc/pve', imageDir: '/var/lib/vz/template/iso', pveNode: 'pve', hostRoot: '/', sharedStorages: [] } as unknown as NodeSpec;

/** A node whose guest 950 has `conf` as its config file and `status` as its live status. */
function fakeNode(state: { conf: string; status: string; onStart?: string }): Connection & { calls: string[][] } {
  const calls: string[][] = [];
  const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });
  return {
    node: 'pve',
    calls,
    async close() { /* nothing */ },
    async exec(argv) {
      calls.push([...argv]);
      if (argv[0] === 'sh' && argv[3] === 'phoenix-facts') return ok(state.conf ? `\x1elxc\n${state.conf}` : '');
      if (argv[0] === 'pct' && argv[1] === 'status') return ok(`status: ${state.status}\n`);
      if (argv[0] === 'pct' && argv[1] === 'start') { state.status = state.onStart ?? 'running'; return ok(); }
      return ok();
    },
  };
}

const runtime = (conn: Connection, guests: Parameters<typeof factsFrom>[0]): NodeRuntime => ({ spec, conn, facts: factsFrom(guests) });
const env = { check: false, sleep: async () => {} };
const start: Step = { id: '950:lxc.start', node: 'pve', guest: '950', task: 'lxc.start', params: { vmid: '950' }, after: [] };

test('start: the planned command is sent, the live re-read confirms it', async () => {
  const conn = fakeNode({ conf: 'hostname: ct950\n', status: 'stopped' });
  const rt = runtime(conn, { '950': { status: 'stopped' } });
  const r = await executeStep(start, rt, env);
  assert.is(r.status, 'changed');
  assert.equal(conn.calls.filter((c) => c[0] === 'pct').map((c) => c.slice(0, 2)), [['pct', 'start'], ['pct', 'status']]);
  assert.is(rt.facts.guests.get('950')!.status, 'running');
});

test('start: exit 0 but the guest stays stopped -> NotConverged, never reported ok', async () => {
  const conn = fakeNode({ conf: 'hostname: ct950\n', status: 'stopped', onStart: 'stopped' });
  const rt = runtime(conn, { '950': { status: 'stopped' } });
  try {
    await executeStep(start, rt, env);
    assert.unreachable('a start that did not start must fail');
  } catch (e) {
    assert.instance(e, NotConverged);
    assert.match((e as Error).message, /950:lxc\.start: .*start \(stopped\)/);
  }
});

test('check mode: pending, with the commands that would be sent; nothing is sent', async () => {
  const conn = fakeNode({ conf: 'hostname: ct950\n', status: 'stopped' });
  const r = await executeStep(start, runtime(conn, { '950': { status: 'stopped' } }), { ...env, check: true });
  assert.is(r.status, 'pending');
  assert.equal(r.planned?.map((c) => c.argv), [['pct', 'start', '950']]);
  assert.equal(conn.calls, []);
});

test('ownership comes from the params: a step without guest: cannot delete a guest Phoenix did not build', async () => {
  const forged = { id: 'x', node: 'pve', task: 'lxc.delete', params: { vmid: '123' }, after: [] } as Step;
  const conn = fakeNode({ conf: 'hostname: theirs\n', status: 'running' });
  const rt = runtime(conn, { '123': { status: 'running', config: { hostname: 'theirs' } } });
  try {
    await executeStep(forged, rt, env);
    assert.unreachable('deleting an unowned guest must be refused');
  } catch (e) {
    assert.instance(e, NotOwned);
    assert.match((e as Error).message, /^123 on pve exists but carries no Phoenix record/);
  }
  assert.equal(conn.calls, []);
  assert.ok(rt.facts.guests.has('123'));
});

test('a second plan with nothing to do sends nothing', async () => {
  const conn = fakeNode({ conf: 'hostname: ct950\n', status: 'running' });
  const r = await executeStep(start, runtime(conn, { '950': { status: 'running' } }), env);
  assert.is(r.status, 'ok');
  assert.equal(conn.calls, []);
});

test.run();
