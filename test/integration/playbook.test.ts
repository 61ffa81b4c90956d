// YAML playbooks: compiled with `plan -o`, run with `run <file>`, validated, refused when the config changed or a
// step is not what the configuration compiles now.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, stringify } from 'yaml';
import type { Plan } from '../../src/compile/plan.js';
import { cli } from '../helpers/cli.js';
import { argvs, makeEstate, mutating, type Estate } from '../helpers/estate.js';
import { repoRoot, sampleHypervisor, sampleLxc } from '../helpers/fixtures.js';
import { makeSimState } from '../helpers/sim.js';

let e: Estate;
test.before(() => {
  const lxc = sampleLxc();
  delete lxc.lxc_configs['950']!.application_script;
  e = makeEstate({
    lxc, vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] },
    hypervisor: { ...sampleHypervisor(), tests: { smoke: [{ name: 'Smoke', type: 'script', path: 'hypervisor/smoke.sh' }] } },
    rawFiles: { 'scripts/tests/hypervisor/smoke.sh': '#!/bin/sh\necho smoke-ok\n' },
  });
});
test.after(() => e.cleanup());

test('plan -o writes the same document as plan --format json; run <playbook> converges, then changes nothing', async () => {
  assert.is((await e.run('plan', 'LetsGo', '-o', 'playbooks/LetsGo.yaml')).code, 0);
  const { config, ...yaml } = parse(readFileSync(join(e.dir, 'playbooks/LetsGo.yaml'), 'utf8')) as Plan;
  const json = JSON.parse((await e.run('plan', 'LetsGo', '--format', 'json')).stdout) as Plan;
  assert.equal(yaml, json);
  // the file also records its configuration, relative to itself
  assert.is(config, '../phoenix.config.yaml');
  const first = await e.run('run', 'playbooks/LetsGo.yaml');
  assert.is(first.code, 0, first.stdout + first.stderr);
  const again = await e.during(() => e.run('run', 'playbooks/LetsGo.yaml'));
  assert.equal(argvs(mutating(again.calls)), []);
  assert.match(again.r.stdout, /Nothing changed/);
});

const readPlaybook = (rel: string): Plan => parse(readFileSync(join(e.dir, rel), 'utf8')) as Plan;
const writePlaybook = (rel: string, plan: Plan): void => writeFileSync(join(e.dir, rel), stringify(plan));
const confPath = (vmid: string): string => join(e.stateDir, 'etc/pve/nodes/pve/lxc', `${vmid}.conf`);

test('an edited step (its vmid changed in params, `guest:` removed) is refused by name; nothing reaches the node', async () => {
  // a CT Phoenix did not build, made with the simulator's own pct: the edited playbook now names it
  const sim = makeSimState({ dir: e.stateDir });
  const made = sim.run(['pct', 'create', '960', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--hostname', 'foreign', '--memory', '512', '--rootfs', 'local-lvm:8']);
  assert.is(made.code, 0, made.stderr);
  assert.is((await e.run('plan', 'delete', '950', '-o', 'playbooks/delete.yaml')).code, 0);
  const plan = readPlaybook('playbooks/delete.yaml');
  assert.equal(plan.steps.map((s) => s.id), ['950:lxc.delete']);

  (plan.steps[0]!.params as { vmid: string }).vmid = '960';
  writePlaybook('playbooks/delete.yaml', plan);
  const edited = await e.during(() => e.run('run', 'playbooks/delete.yaml'));
  assert.is(edited.r.code, 1);
  assert.match(edited.r.stderr, /^(?:Error: )?delete\.yaml: \/steps\/0 \(950:lxc\.delete\): params\.vmid is "960" in the playbook, but the configuration compiles "950"; recompile it \(phoenix plan delete 950 -o playbooks\/delete\.yaml\) or run it as written with --force \(skips the checks against the configuration\)$/m);
  assert.equal(edited.calls, []);

  delete plan.steps[0]!.guest;
  writePlaybook('playbooks/delete.yaml', plan);
  const hidden = await e.during(() => e.run('run', 'playbooks/delete.yaml'));
  assert.is(hidden.r.code, 1);
  assert.match(hidden.r.stderr, /delete\.yaml: \/steps\/0 \(950:lxc\.delete\): guest is absent in the playbook, but the configuration compiles "950"/);
  assert.equal(hidden.calls, []);
  assert.ok(existsSync(confPath('960')), 'the CT the edited step named is still there');
  assert.is(sim.run(['pct', 'status', '960']).code, 0);
});

test('a playbook without configHash is refused (nothing sent); --force runs it as written and says so', async () => {
  assert.is((await e.run('plan', 'test', 'pve', '-o', 'playbooks/nohash.yaml')).code, 0);
  const plan = readPlaybook('playbooks/nohash.yaml');
  delete plan.configHash;
  writePlaybook('playbooks/nohash.yaml', plan);
  const { r, calls } = await e.during(() => e.run('run', 'playbooks/nohash.yaml'));
  assert.is(r.code, 1);
  assert.match(r.stderr, /^(?:Error: )?nohash\.yaml: has no configHash, so it cannot be checked against the configuration; recompile it \(phoenix plan test pve -o playbooks\/nohash\.yaml\)/m);
  assert.equal(calls, []);
  const forced = await e.run('run', 'playbooks/nohash.yaml', '--force');
  assert.is(forced.code, 0, forced.stdout + forced.stderr);
  assert.match(forced.stderr, /warning: nohash\.yaml: has no configHash.*running it as written \(--force skips the checks against the configuration\)/);
});

test('plan test <node> -o t.yaml, then run t.yaml: the hypervisor suites run (node names are playbook targets)', async () => {
  assert.is((await e.run('plan', 'test', 'pve', '-o', 't.yaml')).code, 0);
  assert.equal(readPlaybook('t.yaml').targets, ['pve']);
  const r = await e.run('run', 't.yaml');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /host\.test:smoke/);
  // the suite is recorded, and the playbook is recompiled with it
  assert.is((await e.run('plan', 'test', 'pve', '--suite', 'smoke', '-o', 't-smoke.yaml')).code, 0);
  assert.is(readPlaybook('t-smoke.yaml').suite, 'smoke');
  const smoke = await e.run('run', 't-smoke.yaml');
  assert.is(smoke.code, 0, smoke.stdout + smoke.stderr);
});

test('a playbook compiled from a configuration that changed since is refused, unless --force', async () => {
  const doc = JSON.parse(readFileSync(e.files.lxc, 'utf8')) as ReturnType<typeof sampleLxc>;
  doc.lxc_configs['950']!.cores = 3;
  writeFileSync(e.files.lxc, JSON.stringify(doc));
  const { r, calls } = await e.during(() => e.run('run', 'playbooks/LetsGo.yaml'));
  assert.is(r.code, 1);
  assert.match(r.stderr, /LetsGo\.yaml: compiled from a configuration that has changed since/);
  assert.equal(calls, []);
  const forced = await e.run('run', 'playbooks/LetsGo.yaml', '--force');
  assert.is(forced.code, 0, forced.stdout);
});

test('an invalid playbook: one line per problem, nothing sent', async () => {
  const bad = { verb: 'LetsGo', targets: ['900'], steps: [
    { id: 'a', node: 'pve', guest: '900', task: 'lxc.frobnicate', params: {}, after: ['b'] },
    { id: 'a', node: 'pve', task: 'lxc.start', params: {}, after: [], extra: 1 },
  ] };
  writeFileSync(join(e.dir, 'bad.yaml'), JSON.stringify(bad));
  const { r, calls } = await e.during(() => e.run('run', 'bad.yaml'));
  assert.is(r.code, 1);
  assert.match(r.stderr, /^(?:Error: )?bad\.yaml: \/steps\/0\/task: unknown task kind 'lxc\.frobnicate'$/m);
  assert.match(r.stderr, /^(?:Error: )?bad\.yaml: \/steps\/1: must NOT have additional property 'extra'$/m);
  assert.match(r.stderr, /^(?:Error: )?bad\.yaml: \/steps\/1\/params: must have required property 'vmid'$/m);
  assert.equal(calls, []);
});

test('the committed playbooks/LetsGo.yaml is the sandbox LetsGo compiled now, and records the sandbox config', async () => {
  const root = repoRoot();
  const { config, ...committed } = parse(readFileSync(join(root, 'playbooks/LetsGo.yaml'), 'utf8')) as Plan;
  const r = await e.run('plan', 'LetsGo', '--format', 'json', '-c', join(root, 'examples/sandbox/phoenix.config.yaml'));
  assert.equal(committed, JSON.parse(r.stdout) as Plan);
  assert.is(config, '../examples/sandbox/phoenix.config.yaml');
});

test('a playbook runs from any directory: it finds the configuration it records (relative to itself); -c still overrides', async () => {
  assert.is((await e.run('plan', 'test', 'pve', '-o', 'playbooks/anywhere.yaml')).code, 0);
  const file = join(e.dir, 'playbooks/anywhere.yaml');
  assert.match(readFileSync(file, 'utf8'), /^config: \.\.\/phoenix\.config\.yaml$/m);
  const elsewhere = mkdtempSync(join(tmpdir(), 'phoenix-elsewhere-'));
  try {
    const r = await cli(['run', file], { cwd: elsewhere });
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /host\.test:smoke/);
    // -c overrides what the playbook records
    const other = await cli(['run', file, '-c', join(elsewhere, 'missing.config.yaml')], { cwd: elsewhere });
    assert.is(other.code, 1);
    assert.match(other.stderr, /missing\.config\.yaml: file not found/);
    // a recorded config that is not there is named, with the way out
    mkdirSync(join(elsewhere, 'sub'));
    const moved = join(elsewhere, 'sub', 'moved.yaml');
    writeFileSync(moved, readFileSync(file, 'utf8'));
    const lost = await e.during(() => cli(['run', moved], { cwd: elsewhere }));
    assert.is(lost.r.code, 1);
    assert.match(lost.r.stderr, new RegExp(`^(?:Error: )?moved\\.yaml: /config: \\.\\./phoenix\\.config\\.yaml \\(relative to the playbook\\) not found: ${join(elsewhere, 'phoenix.config.yaml').replace(/[.]/g, '\\.')}; pass -c FILE`, 'm'));
    assert.equal(lost.calls, []);
    // and -c rescues it
    const rescued = await cli(['run', moved, '-c', e.configFile], { cwd: elsewhere });
    assert.is(rescued.code, 0, rescued.stdout + rescued.stderr);
  } finally { rmSync(elsewhere, { recursive: true, force: true }); }
});

test('a playbook printed to stdout records no config (its place is unknown); run from the project it still works', async () => {
  const r = await e.run('plan', 'test', 'pve');
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stdout, /^config:/m);
  writeFileSync(join(e.dir, 'stdout.yaml'), r.stdout);
  const run = await e.run('run', 'stdout.yaml');
  assert.is(run.code, 0, run.stdout + run.stderr);
});

test.run();
