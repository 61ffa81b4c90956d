// `connection: local` with a Proxmox CLI first on PATH whose config files Phoenix cannot read under pveRoot (an
// independent simulator, or a node whose /etc/pve is elsewhere): facts come from the CLI (pvesh, pct/qm config,
// listsnapshot, firewall via pvesh) in ONE exec for all guests, and Phoenix still converges, re-runs clean, and keeps
// its seed behaviour.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Connection } from '../../src/runner/connection.js';
import { createLocalConnection } from '../../src/runner/connections/local.js';
import { gatherFacts } from '../../src/runner/facts/gather-facts.js';
import type { NodeFacts } from '../../src/tasks/facts.js';
import { argvs, makeEstate, mutating, type Estate } from '../helpers/estate.js';
import { sampleLxc } from '../helpers/fixtures.js';
import { node } from '../helpers/model.js';
import { simBinDir } from '../helpers/sim.js';

let e: Estate;
const PVE_ROOT = '/nonexistent/etc/pve';
const SIM_DIR = './.phoenix/sim/pve';
test.before(() => {
  const lxc = sampleLxc();
  delete lxc.lxc_configs['950']!.application_script;
  lxc.lxc_configs['950']!.firewall = { enabled: true, rules: [{ type: 'in', action: 'ACCEPT', proto: 'tcp', port: '22', comment: 'ssh' }] };
  e = makeEstate({
    lxc, vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] },
    inventory: { defaultNode: 'pve', nodes: { pve: { connection: 'local', pveRoot: PVE_ROOT, path: [simBinDir], env: { PVE_SIM_DIR: SIM_DIR } } } },
  });
});
test.after(() => e.cleanup());

/** The node's state read as a run does it, with the execs it took counted (the simulator's tools first on PATH, as the inventory says). */
async function stateRead(): Promise<{ facts: NodeFacts; execs: number }> {
  const images = join(e.dir, 'images');
  mkdirSync(join(images, 'not-an-image'), { recursive: true });
  writeFileSync(join(images, 'noble-server-cloudimg-amd64.img'), '');
  const local = createLocalConnection('pve', { PVE_SIM_DIR: join(e.dir, SIM_DIR) }, { path: [simBinDir] });
  let execs = 0;
  const conn: Connection = { node: 'pve', close: async () => undefined, exec: (argv, o) => { execs++; return local.exec(argv, o); } };
  const facts = await gatherFacts(conn, node('pve', { pveRoot: PVE_ROOT, imageDir: images }));
  return { facts, execs };
}

/** `run_end.state_reads` of a `--json` run: execs of each node's state read. */
function stateReads(stdout: string): Record<string, number> {
  const end = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; state_reads?: Record<string, number> }).find((ev) => ev.event === 'run_end');
  assert.ok(end?.state_reads, stdout);
  return end.state_reads;
}

const reads: number[] = [];

test('create 950 900: 900 created and snapshotted, 950 cloned, configured (firewall included) and left running', async () => {
  const { r, calls } = await e.during(() => e.run('create', '950', '900'));
  assert.is(r.code, 0, r.stdout);
  const sent = argvs(mutating(calls));
  assert.ok(sent.some((c) => c.startsWith('pct create 900 ')) && sent.includes('pct snapshot 900 final-form') && sent.some((c) => c.startsWith('pct clone 900 950')), sent.join('\n'));
  assert.ok(sent.includes('pct start 950'));
});

test('repeating it sends no mutating command; its state read is 2 execs for the 2 guests (files, live lists and the host check in one, then the CLI)', async () => {
  const { r, calls } = await e.during(() => e.run('create', '950', '900', '--json'));
  assert.is(r.code, 0, r.stderr);
  assert.equal(argvs(mutating(calls)), []);
  // the host facts of the node check and 900's OS template come in the state read's exec (runner/facts/read-files.ts)
  assert.equal(stateReads(r.stdout), { pve: 2 });
});

test('the CLI-only state read: snapshots and firewall through the CLI, images listed from imageDir', async () => {
  const { facts, execs } = await stateRead();
  reads.push(execs);
  assert.is(facts.source, 'cli');
  assert.equal([...facts.guests.keys()].sort(), ['900', '950']);
  assert.equal(facts.guests.get('900')!.snapshots, ['final-form']);
  assert.equal(facts.guests.get('950')!.status, 'running');
  assert.equal(facts.guests.get('950')!.firewall?.rules, ['type=in action=ACCEPT enable=1 proto=tcp dport=22 comment=ssh']);
  assert.equal(facts.images, ['noble-server-cloudimg-amd64.img']);
});

test('stop on a stopped guest succeeds; delete removes it', async () => {
  assert.is((await e.run('stop', '950')).code, 0);
  const again = await e.during(() => e.run('stop', '950'));
  assert.is(again.r.code, 0);
  assert.equal(argvs(mutating(again.calls)), []);
  const d = await e.during(() => e.run('delete', '950'));
  assert.is(d.r.code, 0, d.r.stdout);
  assert.equal(argvs(mutating(d.calls)), ['pct destroy 950 --purge 1']);
});

test('one guest fewer: the same number of execs (the CLI read is one exec whatever the number of guests)', async () => {
  const { facts, execs } = await stateRead();
  reads.push(execs);
  assert.equal([...facts.guests.keys()], ['900']);
  assert.equal(reads, [2, 2]);
});

test.run();
