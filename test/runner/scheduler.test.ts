import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Step } from '../../src/compile/plan.js';
import { DEFAULT_LIMITS, runDag, type Outcome } from '../../src/runner/scheduler.js';

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
  await runDag(steps, { run: async (s) => { now++; max = Math.max(max, now); order.push(s.id); await tick(); now--; return { status: 'ok', commands: 0 }; } }, limits);
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

test.run();
