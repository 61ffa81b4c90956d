// YAML playbooks: compiled with `plan -o`, run with `run <file>`, validated, refused when the config changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { Plan } from '../../src/compile/plan.js';
import { argvs, makeEstate, mutating, type Estate } from '../helpers/estate.js';
import { repoRoot, sampleLxc } from '../helpers/fixtures.js';

let e: Estate;
test.before(() => {
  const lxc = sampleLxc();
  delete lxc.lxc_configs['950']!.application_script;
  e = makeEstate({ lxc, vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] } });
});
test.after(() => e.cleanup());

test('plan -o writes the same document as plan --format json; run <playbook> converges, then changes nothing', async () => {
  assert.is((await e.run('plan', 'LetsGo', '-o', 'playbooks/LetsGo.yaml')).code, 0);
  const yaml = parse(readFileSync(join(e.dir, 'playbooks/LetsGo.yaml'), 'utf8')) as Plan;
  const json = JSON.parse((await e.run('plan', 'LetsGo', '--format', 'json')).stdout) as Plan;
  assert.equal(yaml, json);
  const first = await e.run('run', 'playbooks/LetsGo.yaml');
  assert.is(first.code, 0, first.stdout + first.stderr);
  const again = await e.during(() => e.run('run', 'playbooks/LetsGo.yaml'));
  assert.equal(argvs(mutating(again.calls)), []);
  assert.match(again.r.stdout, /Nothing changed/);
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
  assert.match(r.stderr, /^bad\.yaml: \/steps\/1: must NOT have additional properties/m);
  assert.equal(calls, []);
});

test('the committed playbooks/LetsGo.yaml is the sandbox LetsGo compiled now', async () => {
  const root = repoRoot();
  const committed = parse(readFileSync(join(root, 'playbooks/LetsGo.yaml'), 'utf8')) as Plan;
  const r = await e.run('plan', 'LetsGo', '--format', 'json', '-c', join(root, 'examples/sandbox/phoenix.config.yaml'));
  assert.equal(committed, JSON.parse(r.stdout) as Plan);
});

test.run();
