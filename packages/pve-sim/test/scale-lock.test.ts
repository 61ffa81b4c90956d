// Many guests, parallel calls: reads never take the cluster lock, a call touches only its own guest's run
// state, listings stay complete with 300 guests, and a lock left by a dead process is taken over.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const sim = makeSimState();
const pveDir = join(sim.dir, 'etc/pve');
const lxcDir = join(pveDir, 'nodes/pve/lxc');
const IDS = Array.from({ length: 300 }, (_, i) => String(2000 + i));
const START = IDS.slice(0, 24);

test.before(() => {
  assert.is(sim.run(['pct', 'list']).code, 0);
  for (const id of IDS) {
    writeFileSync(join(lxcDir, `${id}.conf`), `arch: amd64\nhostname: h${id}\nmemory: 512\nostype: debian\nrootfs: local-lvm:vm-${id}-disk-0,size=1G\nswap: 512\n`);
  }
});
test.after(() => sim.cleanup());

async function parallel<T>(items: readonly T[], width: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

test('24 starts, 12 at a time: all running, each guest its own run-state file', async () => {
  await parallel(START, 12, async (id) => {
    const r = await sim.runAsync(['pct', 'start', id]);
    assert.is(r.code, 0, r.stderr);
  });
  for (const id of START) assert.ok(existsSync(join(pveDir, '.sim/run', `${id}.json`)), id);
  assert.not.ok(existsSync(join(pveDir, '.sim/run', `${IDS[100]}.json`)));
  const list = sim.run(['pct', 'list']).stdout.trim().split('\n').slice(1);
  assert.is(list.length, 300);
  assert.is(list.filter((l) => / running /.test(l)).length, 24);
});

test('/cluster/resources with 300 guests: every guest once, with its run state', () => {
  const r = sim.run(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json']);
  assert.is(r.code, 0, r.stderr);
  const vms = JSON.parse(r.stdout) as Array<{ vmid: number; status: string; name: string; node: string }>;
  assert.equal(vms.map((v) => String(v.vmid)), IDS);
  assert.equal(vms.filter((v) => v.status === 'running').map((v) => String(v.vmid)), START);
  assert.ok(vms.every((v) => v.node === 'pve' && v.name === `h${v.vmid}`));
});

test('reads take no lock; mutations take it once and say how long they held it', async () => {
  const before = sim.audit().length;
  await parallel(IDS.slice(0, 36), 12, async (id) => { await sim.runAsync(['pct', 'status', id]); });
  sim.run(['pvesh', 'get', '/cluster/resources']);
  sim.run(['pct', 'config', IDS[0] as string]);
  sim.run(['pct', 'set', IDS[1] as string, '--memory', '1024']);
  const calls = sim.audit().slice(before);
  const reads = calls.filter((c) => !c.mutating);
  assert.is(reads.length, 38);
  for (const c of reads) assert.equal([c.argv.join(' '), c.lockMs, c.lockWaitMs], [c.argv.join(' '), 0, 0]);
  const set = calls.find((c) => c.argv[1] === 'set');
  assert.ok(set && typeof set.lockMs === 'number' && set.lockMs > 0, JSON.stringify(set));
});

test('a lock file left by a dead process is taken over; so is an old lock directory of an older simulator', () => {
  const lock = join(pveDir, '.sim/lock');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(lock, dead);
  let r = sim.run(['pct', 'set', IDS[2] as string, '--memory', '768']);
  assert.is(r.code, 0, r.stderr);
  assert.not.ok(existsSync(lock), 'released after the call');
  mkdirSync(lock);
  const old = (Date.now() - 60_000) / 1000;
  utimesSync(lock, old, old);
  r = sim.run(['pct', 'set', IDS[2] as string, '--memory', '640']);
  assert.is(r.code, 0, r.stderr);
  assert.match(sim.run(['pct', 'config', IDS[2] as string]).stdout, /^memory: 640$/m);
});

test.run();
