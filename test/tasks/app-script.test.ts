// The application script: run once per guest, recorded in the guest's own tags with its id, so a clone's inherited
// record does not count (feature records do) — facts in, commands out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appTask, type AppParams } from '../../src/tasks/app-script.js';
import { featureTask } from '../../src/tasks/feature.js';
import { boundedArgv, innerArgv } from '../../src/tasks/bounded-exec.js';
import { WRITE_STDIN_TO } from '../../src/tasks/guest-exec.js';
import { appliedApp, splitTags } from '../../src/tasks/tags.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';
import { sendPlan } from './send-plan.js';

const app = appTask('lxc');
const hash = '0123456789abcdef'.repeat(4);
const ap: AppParams = { vmid: '103', kind: 'lxc', file: 'ca.sh', script: 'apps/ca.sh', sha256: hash, attempts: 2 };

/** The tags the plan's `pct set --tags` writes. */
const written = (argv: string[] | undefined): string | undefined => (argv?.[3] === '--tags' ? argv[4] : undefined);

test('application script: pushed on stdin, run with argv [path, id] (bounded attempts), recorded by hash and guest id; present -> nothing', () => {
  const facts = factsFrom({ '103': { status: 'running', config: { tags: 'phoenix' } } });
  const plan = planOf(app, facts, ap);
  assert.equal(plan.change, { kind: 'run', detail: 'run ca.sh' });
  assert.equal(argvs(plan)[0], ['pct', 'exec', '103', '--', '/bin/sh', '-c', WRITE_STDIN_TO, 'phoenix-push', '/var/lib/phoenix/apps/ca.sh']);
  assert.equal(plan.commands[0]!.stdin, [{ file: 'apps/ca.sh', sha256: hash }]);
  assert.equal(argvs(plan)[1], ['pct', 'exec', '103', '--', ...boundedArgv('application script ca.sh', 1800, ['/var/lib/phoenix/apps/ca.sh', '103'])]);
  assert.equal(plan.commands[1]!.retry, { attempts: 2, intervalMs: 0 });
  assert.equal(argvs(plan)[2], ['pct', 'set', '103', '--tags', 'phoenix;phx-a-01234567-103']);
  assert.is(planOf(app, factsFrom({ '103': { status: 'running', config: { tags: 'phoenix;phx-a-01234567-103' } } }), ap).change.kind, 'none');
});

test('application script failing every attempt: the task fails naming the script and the exit, nothing recorded', async () => {
  const plan = planOf(app, factsFrom({ '103': { status: 'running', config: { tags: 'phoenix' } } }), ap);
  const r = await sendPlan(plan, { 'pct exec 103 -- /bin/sh -c l=$1': { code: 1, stderr: 'not yet' } });
  assert.match(r.error?.message ?? '', /application script ca\.sh in CT 103 \(2 attempts\) failed on pve \(exit 1\): not yet/);
  assert.is(r.sent.filter((c) => innerArgv(c)?.[0] === '/var/lib/phoenix/apps/ca.sh').length, 2);
  assert.ok(!r.sent.some((c) => c.includes('--tags')));
});

test('application script changed: runs again; the record is replaced and the other tags are kept', () => {
  const plan = planOf(app, factsFrom({ '103': { status: 'running', config: { tags: 'phoenix;phx-a-11111111-103;phx-f-22222222-other' } } }), ap);
  assert.equal(plan.change, { kind: 'run', detail: 'script changed (11111111 -> 01234567)' });
  assert.equal(argvs(plan)[2], ['pct', 'set', '103', '--tags', 'phoenix;phx-a-01234567-103;phx-f-22222222-other']);
});

test('a clone carrying its source\'s record (same script, same hash) runs the script with its own id; the inherited record is dropped', () => {
  // 801 clones 911 (the real configuration): PVE copied 911's tags, its app record included
  const p: AppParams = { ...ap, vmid: '801', file: 'vllm.sh', script: 'apps/vllm.sh' };
  const inherited = 'phoenix;phx-a-01234567-911;phx-f-33333333-nvidia;phx-f-44444444-vllm';
  const plan = planOf(app, factsFrom({ '801': { status: 'running', config: { tags: inherited } } }), p);
  assert.equal(plan.change, { kind: 'run', detail: 'run vllm.sh (the record of 911 does not count for 801)' });
  assert.equal(innerArgv(argvs(plan)[1]!), ['/var/lib/phoenix/apps/vllm.sh', '801']);
  const tags = written(argvs(plan)[2]);
  assert.is(tags, 'phoenix;phx-a-01234567-801;phx-f-33333333-nvidia;phx-f-44444444-vllm');
  // the re-read after the act: converged
  assert.is(planOf(app, factsFrom({ '801': { status: 'running', config: { tags: tags! } } }), p).change.kind, 'none');
  // the source itself still counts its own record
  assert.is(planOf(app, factsFrom({ '911': { status: 'running', config: { tags: inherited } } }), { ...p, vmid: '911' }).change.kind, 'none');
});

test('feature records stay inherited: the clone does not run a feature its source applied with the same script', () => {
  const feature = featureTask('lxc');
  const facts = factsFrom({ '801': { status: 'running', config: { tags: 'phoenix;phx-a-01234567-911;phx-f-01234567-vllm' } } });
  assert.equal(planOf(feature, facts, { vmid: '801', kind: 'lxc', name: 'vllm', script: 'features/vllm.sh', sha256: hash }).change, { kind: 'none', detail: 'applied (01234567)' });
});

test('a record without a guest id (written before records named the guest) counts for no guest and is replaced', () => {
  const plan = planOf(app, factsFrom({ '103': { status: 'running', config: { tags: 'phoenix;phx-a-01234567' } } }), ap);
  assert.equal(plan.change, { kind: 'run', detail: 'run ca.sh (the record without a guest id does not count for 103)' });
  assert.is(written(argvs(plan)[2]), 'phoenix;phx-a-01234567-103');
});

test('VM: the record names the VM too', () => {
  const plan = planOf(appTask('vm'), factsFrom({ '1000': { type: 'qemu', status: 'running', config: { tags: 'phoenix;phx-a-01234567-9000' } } }), { ...ap, vmid: '1000', kind: 'vm' });
  assert.equal(argvs(plan).at(-1), ['qm', 'set', '1000', '--tags', 'phoenix;phx-a-01234567-1000']);
});

test('appliedApp reads only the guest\'s own record', () => {
  const tags = splitTags('phx-a-aaaaaaaa-911 phx-a-bbbbbbbb-801');
  assert.is(appliedApp(tags, '801'), 'bbbbbbbb');
  assert.is(appliedApp(tags, '911'), 'aaaaaaaa');
  assert.is(appliedApp(tags, '802'), undefined);
  assert.is(appliedApp(splitTags('phx-a-aaaaaaaa-9110'), '911'), undefined);
});

test('a timed-out attempt, or one refused because a copy still runs in the guest, is final: not tried again, nothing recorded', async () => {
  const plan = planOf(app, factsFrom({ '103': { status: 'running', config: { tags: 'phoenix' } } }), { ...ap, attempts: 3, timeoutS: 2 });
  assert.is(plan.commands[1]!.argv.at(-3), '2');
  for (const stderr of [
    'phoenix: application script ca.sh timed out after 2s; its processes in the guest were ended',
    'phoenix: application script ca.sh not started: application script ca.sh (pid 4242) still runs in this guest; wait for it to end or stop it',
  ]) {
    const r = await sendPlan(plan, { 'pct exec 103 -- /bin/sh -c l=$1': { code: stderr.includes('timed out') ? 124 : 75, stderr } });
    assert.match(r.error?.message ?? '', stderr.includes('timed out') ? /timed out after 2s/ : /\(pid 4242\) still runs in this guest/);
    assert.is(r.sent.filter((c) => innerArgv(c) !== undefined).length, 1, 'one attempt only');
    assert.ok(!r.sent.some((c) => c.includes('--tags')));
  }
});

test.run();
