// Host-side features (the original's contract): facts in, commands out; and the wrapper itself run with /bin/sh.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcHostFeature, type HostFeatureParams } from '../../src/tasks/host-feature.js';
import { hostProbeTask } from '../../src/tasks/host-health.js';
import { HOST_RUN, hostInnerArgs, hostRunArgv } from '../../src/tasks/host-script.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';

const hash = 'abcdef0123456789'.repeat(4);
const p: HostFeatureParams = { vmid: '950', name: 'nvidia', script: 'features/nvidia.host.sh', sha256: hash, node: 'pve', timeoutS: 600 };

test('not applied: the script goes to the node over stdin and runs there with argv [CTID]; then the record', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix' } } });
  const plan = planOf(lxcHostFeature, facts, p);
  assert.equal(plan.change, { kind: 'run', detail: 'run nvidia on the node' });
  assert.equal(argvs(plan), [
    hostRunArgv('host feature nvidia for CT 950', 600, '950', ['PHOENIX_GUEST_ID=950', 'PHOENIX_NODE=pve'], ['950']),
    ['pct', 'set', '950', '--tags', 'phoenix;phx-f-abcdef01-nvidia'],
  ]);
  assert.equal(hostInnerArgs(plan.commands[0]!.argv), { env: ['PHOENIX_GUEST_ID=950', 'PHOENIX_NODE=pve'], args: ['950'] });
  assert.equal(plan.commands[0]!.stdin, [{ file: 'features/nvidia.host.sh', sha256: hash }]);
  assert.is(plan.commands[0]!.what, 'host-side feature nvidia for CT 950');
  assert.ok(plan.commands[0]!.interrupt, 'an abort can end it on the node');
  // the re-read after the act: nothing more to do
  const after = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix;phx-f-abcdef01-nvidia' } } });
  assert.equal(planOf(lxcHostFeature, after, p), { change: { kind: 'none', detail: 'applied (abcdef01)' }, commands: [] });
});

test('bootstrap_ca_url is the second argument only when the guest configures one; the node env is kept, PATH never', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix' } } });
  const withUrl = planOf(lxcHostFeature, facts, { ...p, bootstrapCaUrl: 'https://10.0.0.10:9000', nodeEnv: { PVE_SIM_DIR: '/s', PATH: '/evil', PHOENIX_NODE: 'x' } });
  assert.equal(hostInnerArgs(withUrl.commands[0]!.argv), {
    env: ['PVE_SIM_DIR=/s', 'PHOENIX_GUEST_ID=950', 'PHOENIX_NODE=pve'], args: ['950', 'https://10.0.0.10:9000'],
  });
  assert.equal(hostInnerArgs(planOf(lxcHostFeature, facts, { ...p, bootstrapCaUrl: '' }).commands[0]!.argv)?.args, ['950']);
});

test('inherited record (a clone of a guest that had it): no command; a changed script runs again', () => {
  const inherited = factsFrom({ '951': { status: 'running', config: { tags: 'phoenix;phx-f-abcdef01-nvidia' } } });
  assert.is(planOf(lxcHostFeature, inherited, { ...p, vmid: '951' }).commands.length, 0);
  const old = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix;phx-f-11111111-nvidia' } } });
  const plan = planOf(lxcHostFeature, old, p);
  assert.is(plan.change.detail, 'script changed (11111111 -> abcdef01): run again on the node');
  assert.equal(plan.commands[1]!.argv, ['pct', 'set', '950', '--tags', 'phoenix;phx-f-abcdef01-nvidia']);
});

test('host-side health: argv [CTID], the pass recorded; the test verb only reads', () => {
  const hp = { vmid: '950', name: 'check_nvidia.host.sh', script: { path: 'health/check_nvidia.host.sh', sha256: hash }, node: 'pve', retries: 3, intervalS: 5, onlyAfterChange: true };
  const facts = factsFrom({ '950': { status: 'running', config: { tags: 'phoenix' } } });
  const plan = planOf(hostProbeTask('health'), facts, hp, { changedBefore: true });
  assert.is(plan.commands.length, 2);
  assert.equal(hostInnerArgs(plan.commands[0]!.argv)?.args, ['950']);
  assert.equal(plan.commands[0]!.retry, { attempts: 3, intervalMs: 5000 });
  assert.match(plan.commands[1]!.argv.join(' '), /^pct set 950 --tags phoenix;phx-h-[0-9a-f]{8}-950$/);
  const passed = factsFrom({ '950': { status: 'running', config: { tags: plan.commands[1]!.argv[4]! } } });
  assert.is(planOf(hostProbeTask('health'), passed, hp).commands.length, 0, 'passed before, guest unchanged: not re-checked');
  const t = planOf(hostProbeTask('test'), passed, { ...hp, onlyAfterChange: false });
  assert.equal(t.commands.map((c) => hostInnerArgs(c.argv)?.args), [['950']], 'test: runs, writes no record');
});

// The wrapper, run for real with /bin/sh: what the script sees, and that its temporary file is gone afterwards.
function runWrapper(script: string, env: string[], args: string[], timeoutS = 30): { code: number; out: string; err: string; tmp: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'phx-host-'));
  const argv = hostRunArgv('host feature t for CT 950', timeoutS, '950', env, args);
  const r = spawnSync(argv[0]!, argv.slice(1), {
    input: script, encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: tmp, OPERATOR_SECRET: 'hunter22-leak', HOME: '/root/operator' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, tmp };
}

test('the wrapper: exact argv, documented environment only, stdin closed, temporary file removed', () => {
  const script = '#!/bin/sh\nprintf "argc=%s\\n" "$#"; for a in "$@"; do printf "arg=[%s]\\n" "$a"; done\nenv | sort\nread x && echo "stdin=$x" || echo no-stdin\n';
  const r = runWrapper(script, ['PHOENIX_GUEST_ID=950', 'PHOENIX_NODE=pve'], ['950']);
  try {
    assert.is(r.code, 0, r.err);
    const lines = r.out.split('\n').filter(Boolean);
    assert.equal(lines.filter((l) => /^arg/.test(l)), ['argc=1', 'arg=[950]']);
    const env = lines.filter((l) => /^[A-Z_]+=/.test(l) && !l.startsWith('PWD=') && !l.startsWith('SHLVL=') && !l.startsWith('_='));
    assert.equal(env.map((l) => l.split('=')[0]), ['PATH', 'PHOENIX_GUEST_ID', 'PHOENIX_NODE']);
    assert.not.match(r.out, /hunter22|operator/);
    assert.ok(lines.includes('no-stdin'));
    assert.equal(readdirSync(r.tmp), [], 'the temporary script is removed');
  } finally { rmSync(r.tmp, { recursive: true, force: true }); }
});

test('the wrapper: values stay argv (no shell), the exit code is the script\'s, a bound ends it', () => {
  const evil = "x'; touch /tmp/phx-pwned-$$; echo '$(id)";
  let r = runWrapper('#!/bin/sh\nprintf "%s|" "$@"; exit 7\n', ['PHOENIX_GUEST_ID=950', 'PHOENIX_NODE=pve'], ['950', evil]);
  try {
    assert.equal([r.code, r.out], [7, `950|${evil}|`]);
    assert.equal(readdirSync(r.tmp), []);
  } finally { rmSync(r.tmp, { recursive: true, force: true }); }
  r = runWrapper('#!/bin/sh\nsleep 30 & wait\n', ['PHOENIX_GUEST_ID=950', 'PHOENIX_NODE=pve'], ['950'], 1);
  try {
    assert.is(r.code, 124);
    assert.match(r.err, /phoenix: host feature t for CT 950 timed out after 1s; its processes on the node were ended/);
    assert.equal(readdirSync(r.tmp), []);
  } finally { rmSync(r.tmp, { recursive: true, force: true }); }
});

test('the wrapper script is constant text: no value is part of it', () => {
  const argv = hostRunArgv('l', 5, '950', ['A=$(x)'], ['950', '; rm -rf /']);
  assert.is(argv[2], HOST_RUN);
  assert.not.ok(HOST_RUN.includes('rm -rf /'));
});

test.run();
