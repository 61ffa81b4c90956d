// --check is read-only and exact; --json is NDJSON; a secret given by reference appears in no output or file.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, makeEstate, MARKER_FEATURE, mutating, type Estate } from '../helpers/estate.js';
import { sampleLxc } from '../helpers/fixtures.js';

const SECRET = 'S3cr3t-Value-Never-Printed';
let e: Estate;
test.before(() => {
  const lxc = sampleLxc();
  delete lxc.lxc_configs['950']!.application_script;
  e = makeEstate({
    lxc,
    vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] },
    hypervisor: { domain_name: 'example.test', portainer_api: { admin_user: 'admin', admin_password: { $secret: 'env:PHX_TEST_SECRET' } } },
    rawFiles: { 'scripts/features/base_setup.sh': `${MARKER_FEATURE}echo "\${PHX_TEST_SECRET:-}" > /etc/phoenix/env-leak\n` },
  });
  process.env.PHX_TEST_SECRET = SECRET;
});
test.after(() => { e.cleanup(); delete process.env.PHX_TEST_SECRET; });

test('before anything exists, --check reports pending changes (exit 2) and sends no mutating call', async () => {
  const { r, calls } = await e.during(() => e.run('LetsGo', '--check'));
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.equal(argvs(mutating(calls)), []);
  assert.match(r.stdout, /900 lxc\.create: create 900 .*\[would change\]/);
  assert.match(r.stdout, /900 lxc\.config \[SKIPPED: unknown \(after 900:lxc\.create\)\]/);
  assert.match(r.stdout, /950 lxc\.create \[SKIPPED: unknown \(after 900\)\]/);
});

test('converged: --check exits 0 with zero mutating calls', async () => {
  const first = await e.run('LetsGo');
  assert.is(first.code, 0, first.stdout + first.stderr);
  const { r, calls } = await e.during(() => e.run('LetsGo', '--check'));
  assert.is(r.code, 0, r.stdout);
  assert.equal(argvs(mutating(calls)), []);
  assert.match(r.stdout, /Converged: nothing would change/);
});

test('after one memory_mb edit: exit 2, and exactly that field is named', async () => {
  const doc = JSON.parse(readFileSync(e.files.lxc, 'utf8')) as ReturnType<typeof sampleLxc>;
  doc.lxc_configs['950']!.memory_mb = 4096;
  writeFileSync(e.files.lxc, JSON.stringify(doc));
  const { r, calls } = await e.during(() => e.run('LetsGo', '--check', '--json'));
  assert.is(r.code, 2, r.stderr);
  assert.equal(argvs(mutating(calls)), []);
  const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const pending = events.filter((x) => x.event === 'task_end' && x.status === 'pending');
  assert.equal(pending.map((x) => x.step), ['950:lxc.config']);
  assert.equal(pending[0]!.diff, [{ field: 'memory', from: '2048', to: '4096' }]);
  // the commands that would be sent: exactly what the reconfigure below sends
  assert.equal(pending[0]!.commands, [{ argv: ['pct', 'set', '950', '--memory', '4096'] }]);
  assert.equal(events[0]!.event, 'run_start');
  assert.equal(events[events.length - 1]!.event, 'run_end');
  assert.equal((events[events.length - 1] as { exit_code: number }).exit_code, 2);
});

test('reconfigure then sends exactly one pct set with --memory', async () => {
  const { r, calls } = await e.during(() => e.run('reconfigure', '950'));
  assert.is(r.code, 0, r.stdout);
  assert.equal(argvs(mutating(calls)), ['pct set 950 --memory 4096']);
});

test('--json with CI=true: stdout parses as NDJSON line by line, stderr holds no escape codes', async () => {
  const r = await e.run('LetsGo', '--json');
  assert.is(r.code, 0, r.stderr);
  for (const line of r.stdout.trim().split('\n')) JSON.parse(line);
  assert.not.match(r.stderr, /\x1b\[/);
  assert.match(r.stderr, /Summary: 0 changed/);
});

test('the secret given by reference appears in no output, journal or guest file', async () => {
  const r = await e.run('LetsGo', '--json', '-v');
  assert.ok(!(r.stdout + r.stderr).includes(SECRET));
  const runs = join(e.dir, '.phoenix', 'runs');
  for (const f of readdirSync(runs)) assert.ok(!readFileSync(join(runs, f), 'utf8').includes(SECRET), f);
  // the feature script ran in the guest without the operator's environment: no hypervisor value was pushed
  assert.is(e.guestFile('900', 'etc/phoenix/env-leak'), '\n');
});

test.run();
