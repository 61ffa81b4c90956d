// Failure handling on the simulator's fault rules: transient lock errors are retried, a permanent failure stops
// only its dependants (root cause named once), and a re-run or --resume converges without creating anything twice.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, makeEstate, mutating, type Estate } from '../helpers/estate.js';
import { repoRoot, sampleLxc } from '../helpers/fixtures.js';

const NO_VMS = { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] };

function estate(): Estate {
  const lxc = sampleLxc();
  delete lxc.lxc_configs['950']!.application_script;
  lxc.lxc_configs['950']!.features = ['base_setup'];
  lxc.lxc_configs['951'] = { ...lxc.lxc_configs['950']!, name: 'app2', network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' } };
  return makeEstate({ lxc, vm: NO_VMS });
}

function withFaults<T>(e: Estate, rules: unknown[], fn: () => Promise<T>): Promise<T> {
  const file = join(e.dir, 'faults.json');
  writeFileSync(file, JSON.stringify(rules));
  process.env.PVE_SIM_FAULTS = file;
  return fn().finally(() => { delete process.env.PVE_SIM_FAULTS; });
}

test("transient 'CT is locked (disk)' and 'can't lock file … got timeout' are retried with backoff; the run succeeds", async () => {
  const e = estate();
  try {
    const { r, calls } = await withFaults(e, [
      // a clone running from the same source holds it with lock `disk` (pve-container src/PVE/API2/LXC.pm clone_vm,
      // line 2035: set_lock($vmid, 'disk')); `create` / `clone` locks are left by interrupted work (not transient)
      { match: ['pct', 'clone'], nth: 1, times: 1, code: 255, stderr: 'CT is locked (disk)' },
      { match: ['pct', 'set', '951'], nth: 1, times: 2, code: 255, stderr: "can't lock file '/run/lock/lxc/pve-config-951.lock' - got timeout" },
    ], () => e.during(() => e.run('create', '950', '951')));
    assert.is(r.code, 0, r.stdout);
    assert.is(calls.filter((c) => c.fault).length, 3);
    assert.is(argvs(mutating(calls)).filter((c) => c.startsWith('pct clone 900 ')).length, 3, 'two clones, one retried');
    assert.match(r.stdout, /retry 1\/5/);
  } finally { e.cleanup(); }
});

test('a permanent failure stops only its dependants, names the root cause once; the re-run converges; nothing twice', async () => {
  const e = estate();
  try {
    const { r } = await withFaults(e, [{ match: ['pct', 'start', '950'], nth: 1, times: 1, code: 255, stderr: 'startup for container 950 failed' }],
      () => e.during(() => e.run('create', '950', '951')));
    assert.is(r.code, 1);
    assert.match(r.stdout, /FAILED 950:lxc\.start: .*startup for container 950 failed/);
    assert.match(r.stdout, /950 lxc\.feature:base_setup \[SKIPPED: not run because 950:lxc\.start failed\]/);
    assert.match(r.stdout, /951 lxc\.start: start \(stopped\) \[changed/, 'unrelated work finished');
    assert.is(r.stdout.match(/startup for container 950 failed/g)?.length, 2, 'its own line and the summary, no more');
    const again = await e.during(() => e.run('run', '--resume', 'last'));
    assert.is(again.r.code, 0, again.r.stdout);
    assert.match(again.r.stdout, /Resuming run \S+: create 950 951 \(started \S+; it failed\)/);
    const sent = argvs(mutating(again.calls));
    assert.ok(!sent.some((c) => /^pct (create|clone)/.test(c)), sent.join('\n'));
    assert.ok(sent.includes('pct start 950'));
    const creates = argvs(mutating(e.audit())).filter((c) => /^pct (create|clone) /.test(c) || /^pct clone 900 /.test(c));
    assert.equal(creates.map((c) => c.split(' ')[c.startsWith('pct clone') ? 3 : 2]).sort(), ['900', '950', '951']);
  } finally { e.cleanup(); }
});

test('--resume last after kill -9 during a create and a later --check: resumes the killed run (not the check), names it, converges', async () => {
  const e = estate();
  try {
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/src/cli/main.js'), 'create', '950', '951'], { cwd: e.dir, env: { ...process.env, CI: 'true', PVE_SIM_LATENCY_MS: '300' } });
    const closed = new Promise((r) => child.on('close', r));
    for (let i = 0; i < 600 && !e.audit().some((c) => c.mutating); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await closed;
    const runs = join(e.dir, '.phoenix', 'runs');
    const [killed] = readdirSync(runs).filter((n) => n.endsWith('.jsonl'));
    const start = JSON.parse(readFileSync(join(runs, killed!), 'utf8').split('\n')[0]!) as { run_id: string; ts: string };
    const check = await e.run('create', '900', '--check');
    assert.ok(check.code === 0 || check.code === 2, check.stdout + check.stderr);
    const again = await e.during(() => e.run('run', '--resume', 'last'));
    assert.is(again.r.code, 0, again.r.stdout + again.r.stderr);
    assert.ok(again.r.stdout.includes(`Resuming run ${start.run_id}: create 950 951 (started ${start.ts}; it did not finish (no end recorded))`), again.r.stdout);
    assert.match(again.r.stdout, /note: taking over the stale run lock .*is no longer running/);
    const creates = argvs(mutating(e.audit())).filter((c) => /^pct (create|clone) /.test(c));
    assert.equal(creates.map((c) => c.split(' ')[c.startsWith('pct clone') ? 3 : 2]).sort(), ['900', '950', '951'], creates.join('\n'));
    // and now nothing is left to resume
    const none = await e.run('run', '--resume', 'last');
    assert.is(none.code, 1);
    assert.match(none.stderr, /no interrupted run to resume/);
  } finally { e.cleanup(); }
});

test.run();
