import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Step } from '../../src/compile/plan.js';
import { DEFAULT_LIMITS, runDag, type Outcome } from '../../src/runner/scheduler.js';
import type { StepResult } from '../../src/runner/execute-step.js';
import { factsFrom } from '../helpers/facts.js';

const step = (id: string, after: string[] = [], node = 'pve'): Step => {
  const vmid = id.split(':')[0]!;
  return { id, node, guest: vmid, task: 'lxc.start', params: { vmid }, after };
};
/** A clone of `from` into the id's guest: its scheduler keys come from the task's params (clone source, storage). */
const clone = (id: string, from: string, node: string): Step => {
  const vmid = id.split(':')[0]!;
  return {
    id, node, guest: vmid, task: 'lxc.create', after: [],
    params: { vmid, hostname: `ct${vmid}`, memory: 512, cores: 1, onboot: false, net0: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }, storage: 'local', rootfsGb: 4, unprivileged: true, clone: { from, snapname: 'base' } },
  };
};
const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a failure stops only its dependants; they name the root cause, unrelated work finishes', async () => {
  const steps = [step('900:a'), step('950:a', ['900:a']), step('951:a', ['950:a']), step('700:a')];
  const out = await runDag(steps, { run: async (s) => { if (s.id === '900:a') throw new Error('boom'); return { status: 'changed', commands: 1 }; } });
  assert.is(out.get('900:a')!.status, 'failed');
  assert.equal([out.get('950:a')!.detail, out.get('951:a')!.detail], ['not run because 900:a failed', 'not run because 900:a failed']);
  assert.is(out.get('700:a')!.status, 'changed');
});

async function maxConcurrent(steps: Step[], limits = DEFAULT_LIMITS): Promise<{ max: number; order: string[] }> {
  let now = 0;
  let max = 0;
  const order: string[] = [];
  await runDag(steps, { run: async (s, info) => { await info.ready(); now++; max = Math.max(max, now); order.push(s.id); await tick(); now--; return { status: 'ok', commands: 0 }; } }, limits);
  return { max, order };
}

test('independent guests run in parallel, at most perNode at once on one node', async () => {
  const steps = Array.from({ length: 12 }, (_, i) => step(`${100 + i}:a`));
  assert.is((await maxConcurrent(steps)).max, 4);
  assert.is((await maxConcurrent(steps, { ...DEFAULT_LIMITS, perNode: 2 })).max, 2);
});

test('nodes run in parallel: 3 nodes x perNode', async () => {
  const steps = Array.from({ length: 18 }, (_, i) => step(`${100 + i}:a`, [], `pve${i % 3}`));
  assert.is((await maxConcurrent(steps)).max, 12);
});

test('one clone at a time per source, whatever the node', async () => {
  const steps = Array.from({ length: 6 }, (_, i) => clone(`${950 + i}:lxc.create`, '900', `pve${i % 3}`));
  assert.is((await maxConcurrent(steps)).max, 1);
});

test('a clone waits for its source, not behind a full node: it runs beside the node\'s slots', async () => {
  // node pve busy with perNode (1) long steps of earlier clones; the clone of 951 starts while they run
  const started: string[] = [];
  let busyEnded = false;
  const steps = [step('950:lxc.config'), clone('951:lxc.create', '900', 'pve')];
  await runDag(steps, {
    run: async (s) => {
      started.push(`${s.id}${busyEnded ? ' after' : ' during'}`);
      if (s.id === '950:lxc.config') { await tick(30); busyEnded = true; }
      return { status: 'ok', commands: 0 };
    },
  }, { ...DEFAULT_LIMITS, perNode: 1 });
  assert.equal(started, ['950:lxc.config during', '951:lxc.create during']);
});

test('the next clone of a source starts once the previous clone\'s commands are done, not after its re-read', async () => {
  const log: string[] = [];
  const steps = [clone('951:lxc.create', '900', 'pve1'), clone('952:lxc.create', '900', 'pve2')];
  await runDag(steps, {
    run: async (s, info) => {
      await info.ready();
      log.push(`${s.id} acting`);
      await tick();
      info.commandsDone();
      log.push(`${s.id} commands done`);
      await tick(20);
      log.push(`${s.id} re-read done`);
      return { status: 'changed', commands: 1 };
    },
  });
  assert.ok(log.indexOf('952:lxc.create acting') < log.indexOf('951:lxc.create re-read done'), log.join('\n'));
  assert.ok(log.indexOf('951:lxc.create commands done') < log.indexOf('952:lxc.create acting'), 'still one clone command at a time');
});

test('a clone reads and plans before it takes its source: its pre-read overlaps the previous clone\'s command', async () => {
  const log: string[] = [];
  const steps = [clone('951:lxc.create', '900', 'pve1'), clone('952:lxc.create', '900', 'pve2')];
  await runDag(steps, {
    run: async (s, info) => {
      log.push(`${s.id} pre-read`);
      await tick(s.id.startsWith('951') ? 0 : 5);
      await info.ready();
      log.push(`${s.id} acting`);
      await tick(30);
      log.push(`${s.id} commands done`);
      info.commandsDone();
      return { status: 'changed', commands: 1 };
    },
  });
  assert.ok(log.indexOf('952:lxc.create pre-read') < log.indexOf('951:lxc.create commands done'), log.join('\n'));
  assert.ok(log.indexOf('951:lxc.create commands done') < log.indexOf('952:lxc.create acting'), 'one clone command at a time');
});

test('check mode: a step downstream of a pending change of its guest is unknown, naming it', async () => {
  const steps = [step('950:lxc.create'), step('950:lxc.config', ['950:lxc.create'])];
  const out: Map<string, Outcome> = await runDag(steps, { check: true, run: async () => ({ status: 'pending', commands: 0 }) });
  assert.is(out.get('950:lxc.config')!.status, 'unknown');
  assert.is(out.get('950:lxc.config')!.detail, 'unknown (after 950:lxc.create)');
});

test('the guest a step holds comes from its params, not from its guest field', async () => {
  const a = step('950:a');
  const b: Step = { id: '951:b', node: 'pve', guest: '951', task: 'lxc.start', params: { vmid: '950' }, after: [] };
  assert.is((await maxConcurrent([a, b])).max, 1);
});

// --check: only what a plan truly reads makes it unknown (scheduler.ts upstreamPending, step-def.ts readsChanges)

const net0 = { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' };
const config = (vmid: string, after: string[]): Step => ({ id: `${vmid}:lxc.config`, node: 'pve', guest: vmid, task: 'lxc.config', params: { vmid, memory: 512, cores: 1, onboot: false, net0 }, after });
const raw = (vmid: string, after: string[]): Step => ({ id: `${vmid}:lxc.raw-config`, node: 'pve', guest: vmid, task: 'lxc.raw-config', params: { vmid, lines: [] }, after });
const snapshot = (vmid: string, name: string, after: string[] = []): Step => ({ id: `${vmid}:lxc.snapshot:${name}`, node: 'pve', guest: vmid, task: 'lxc.snapshot', params: { vmid, name }, after });
const health = (vmid: string, after: string[]): Step => ({
  id: `${vmid}:lxc.health`, node: 'pve', guest: vmid, task: 'lxc.health', after,
  params: { vmid, kind: 'lxc', name: 'check', argv: ['true'], retries: 1, intervalS: 0, onlyAfterChange: true },
});
const applyPending = (vmid: string, after: string[]): Step => ({ id: `${vmid}:lxc.apply-pending`, node: 'pve', guest: vmid, task: 'lxc.apply-pending', params: { vmid }, after });
const startOf = (vmid: string, after: string[]): Step => ({ id: `${vmid}:lxc.start`, node: 'pve', guest: vmid, task: 'lxc.start', params: { vmid }, after });
const cloneAfter = (vmid: string, from: string, after: string[]): Step => ({ ...clone(`${vmid}:lxc.create`, from, 'pve'), after });

/** A check run where each step answers as `answers` says (ok when not listed). */
async function check(steps: Step[], answers: Record<string, StepResult>, existing: string[]): Promise<Map<string, Outcome>> {
  const facts = factsFrom(Object.fromEntries(existing.map((id) => [id, {}])));
  return runDag(steps, { check: true, facts: () => facts, run: async (s) => answers[s.id] ?? { status: 'ok', commands: 0 } });
}
const pending = (kind: 'create' | 'update' | 'run', detail: string): StepResult => ({ status: 'pending', change: { kind, detail }, commands: 0 });

test('check: memory drift on 950 is named although the template snapshot of its source is pending; a clone yet to be made is unknown', async () => {
  // 900's template snapshot was deleted (its step would create it); 950 (a clone of 900) exists with memory drift;
  // 951 (another clone of 900) does not exist yet
  const steps = [
    snapshot('900', 'final-form'),
    cloneAfter('950', '900', ['900:lxc.snapshot:final-form']), config('950', ['950:lxc.create']), raw('950', ['950:lxc.config']), health('950', ['950:lxc.raw-config']),
    cloneAfter('951', '900', ['900:lxc.snapshot:final-form']), config('951', ['951:lxc.create']),
  ];
  const out = await check(steps, {
    '900:lxc.snapshot:final-form': pending('create', 'snapshot final-form'),
    '950:lxc.config': pending('update', 'memory 512 -> 1024'),
  }, ['900', '950']);
  const said = Object.fromEntries([...out].map(([id, o]) => [id, o.status === 'unknown' ? o.detail : o.status]));
  // before: everything after the snapshot was `unknown (after 900)`, and the memory drift was never named
  assert.equal(said, {
    '900:lxc.snapshot:final-form': 'pending',
    // an existing clone reads nothing of its source: its create is ok, its config drift is reported
    '950:lxc.create': 'ok',
    '950:lxc.config': 'pending',
    // raw lines are not what the config step changes
    '950:lxc.raw-config': 'ok',
    // a health check runs after a change of its guest: it cannot be answered before that change
    '950:lxc.health': 'unknown (after 950:lxc.config)',
    // a clone yet to be made is made from the snapshot that does not exist yet
    '951:lxc.create': 'unknown (after 900)',
    '951:lxc.config': 'unknown (after 951:lxc.create)',
  });
});

test('check: a pending create of the guest makes its later steps unknown; an update makes unknown only what reads changes', async () => {
  const a = [config('950', []), startOf('950', ['950:lxc.config']), applyPending('950', ['950:lxc.start'])];
  const out = await check(a, { '950:lxc.config': pending('update', 'nameserver 1.1.1.1 -> 8.8.8.8 (pending until restart)') }, ['950']);
  // the start reads the status, which the config step does not change; apply-pending restarts for what it parks
  assert.is(out.get('950:lxc.start')!.status, 'ok');
  assert.is(out.get('950:lxc.apply-pending')!.detail, 'unknown (after 950:lxc.config)');
  const b = [cloneAfter('950', '900', []), config('950', ['950:lxc.create']), startOf('950', ['950:lxc.config'])];
  const made = await check(b, { '950:lxc.create': pending('create', 'clone 900@base -> 950') }, ['900']);
  assert.equal([made.get('950:lxc.config')!.detail, made.get('950:lxc.start')!.detail], ['unknown (after 950:lxc.create)', 'unknown (after 950:lxc.config)']);
});

test('check: a probe upstream changes nothing, whatever it would answer', async () => {
  const steps = [health('950', []), snapshot('950', 'final-form', ['950:lxc.health'])];
  const out = await check(steps, { '950:lxc.health': { status: 'unknown', detail: 'unknown (after x)', commands: 0 } }, ['950']);
  assert.is(out.get('950:lxc.snapshot:final-form')!.status, 'ok');
});

// Interrupted (Ctrl-C, SIGTERM): the stop is the reason, not the step that was cut off

test('dependants of a step that ended while the run was stopped say interrupted, not "not run because X failed"', async () => {
  let stop = false;
  const steps = [raw('950', []), config('950', ['950:lxc.raw-config']), startOf('950', ['950:lxc.config']), step('700:a')];
  const out = await runDag(steps, {
    stopped: () => stop,
    run: async (s) => {
      if (s.id !== '950:lxc.raw-config') return { status: 'ok', commands: 0 };
      stop = true; // Ctrl-C while it runs; the second one aborts it
      throw new Error('phoenix: raw config interrupted; its processes in the guest were ended');
    },
  });
  const cut = out.get('950:lxc.raw-config')!;
  assert.equal([cut.status, cut.interrupted], ['failed', true]);
  // before: `not run because 950:lxc.raw-config failed`
  for (const id of ['950:lxc.config', '950:lxc.start']) {
    assert.equal([out.get(id)!.status, out.get(id)!.detail, out.get(id)!.interrupted], ['not-run', 'not run: interrupted (the run was stopped while 950:lxc.raw-config ran)', true], id);
  }
});

test('a step the stop kept from starting passes "interrupted" on, naming no step that never ran', async () => {
  let stop = false;
  const steps = [step('950:a'), step('950:b', ['950:a']), step('950:c', ['950:b'])];
  const out = await runDag(steps, { stopped: () => stop, run: async () => { stop = true; return { status: 'changed', commands: 1 }; } });
  assert.equal([out.get('950:b')!.detail, out.get('950:c')!.detail], ['not run: interrupted', 'not run: interrupted']);
});

test('a failure before any stop still names its root cause', async () => {
  const steps = [raw('950', []), config('950', ['950:lxc.raw-config'])];
  const out = await runDag(steps, { stopped: () => false, run: async (s) => { if (s.id === '950:lxc.raw-config') throw new Error('boom'); return { status: 'ok', commands: 0 }; } });
  assert.is(out.get('950:lxc.raw-config')!.interrupted, undefined);
  assert.is(out.get('950:lxc.config')!.detail, 'not run because 950:lxc.raw-config failed');
});

test('a step the facts answer (settle) ends at once without run(); one that must act is run; a throw is its failure', async () => {
  // 950:a settles, 950:b must act (run), 950:c settles after it, 951:a throws in settle, 951:b waits for it
  const steps = [step('950:a'), step('950:b', ['950:a']), step('950:c', ['950:b']), step('951:a'), step('951:b', ['951:a'])];
  const ran: string[] = [];
  const events: string[] = [];
  const out = await runDag(steps, {
    settle: (s) => {
      if (s.id === '951:a') throw new Error('not ours');
      return s.id === '950:b' ? undefined : { status: 'ok', commands: 0 };
    },
    run: async (s) => { ran.push(s.id); await tick(); return { status: 'changed', commands: 1 }; },
    onStart: (s) => events.push(`start ${s.id}`),
    onEnd: (s, o) => events.push(`end ${s.id} ${o.status}`),
  });
  assert.equal(ran, ['950:b']);
  assert.equal(['950:a', '950:b', '950:c', '951:a', '951:b'].map((id) => out.get(id)!.status), ['ok', 'changed', 'ok', 'failed', 'not-run']);
  assert.is(out.get('951:a')!.detail, 'not ours');
  assert.is(out.get('951:b')!.detail, 'not run because 951:a failed');
  // every step that ran was started before it ended, and a dependant starts only after what it waits for ended
  assert.ok(events.indexOf('end 950:b changed') < events.indexOf('start 950:c'));
  assert.ok(events.indexOf('start 950:b') < events.indexOf('end 950:b changed'));
  assert.is(events.filter((e) => e.startsWith('start')).length, 4);
});

test('settled steps hold their keys only while they settle: a slow step of the node still gets its slot', async () => {
  // perNode 1: 20 steps that settle and one that must act, all on one node, none waiting for another
  const steps = [...Array.from({ length: 20 }, (_, i) => step(`${100 + i}:a`)), step('200:a')];
  let running = 0;
  let max = 0;
  const out = await runDag(steps, {
    settle: (s) => (s.id === '200:a' ? undefined : { status: 'ok', commands: 0 }),
    run: async () => { running++; max = Math.max(max, running); await tick(); running--; return { status: 'changed', commands: 1 }; },
  }, { ...DEFAULT_LIMITS, perNode: 1 });
  assert.is(out.size, 21);
  assert.is(out.get('200:a')!.status, 'changed');
  assert.is(max, 1);
});

test('a gated node\'s steps wait for its gate; other nodes\' steps do not, but a step after one of its steps does', async () => {
  // pve2's read is slow: pve1's chain runs to its end meanwhile; pve2's steps (and the pve1 step after one) follow
  let open!: () => void;
  const slow = new Promise<void>((r) => { open = r; });
  let gateOpen = false;
  const asked = new Map<string, number>();
  const events: string[] = [];
  const steps = [step('100:a', [], 'pve1'), step('100:b', ['100:a'], 'pve1'), step('200:a', [], 'pve2'), step('200:b', ['200:a'], 'pve2'), step('101:a', ['200:b'], 'pve1')];
  const dag = runDag(steps, {
    gate: (s) => { asked.set(s.id, (asked.get(s.id) ?? 0) + 1); return s.node === 'pve2' && !gateOpen ? slow : undefined; },
    onStart: (s) => events.push(s.id),
    run: async () => { await tick(1); return { status: 'ok', commands: 0 }; },
  });
  await tick(30);
  assert.equal(events, ['100:a', '100:b'], 'pve1 ran its chain while pve2 was held');
  gateOpen = true;
  open();
  const out = await dag;
  assert.equal(events, ['100:a', '100:b', '200:a', '200:b', '101:a']);
  assert.is(out.size, 5);
  assert.is(asked.get('200:a'), 2, 'a held step is asked again once its gate settles');
});

test('a gate that rejects still lets its steps through (run() then says why)', async () => {
  const out = await runDag([step('300:a', [], 'pve3')], {
    gate: (() => { let first = true; return () => { if (!first) return undefined; first = false; return Promise.reject(new Error('read failed')); }; })(),
    run: async () => ({ status: 'not-run', detail: 'not run: pve3: down', commands: 0 }),
  });
  assert.is(out.get('300:a')!.status, 'not-run');
});

test.run();
