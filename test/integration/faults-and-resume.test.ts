// Failure handling on the simulator's fault rules: transient lock errors are retried, a permanent failure stops
// only its dependants (root cause named once), and a re-run or --resume converges without creating anything twice.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, makeEstate, mutating, type Estate } from '../helpers/estate.js';
import { sampleLxc } from '../helpers/fixtures.js';

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

test("transient 'CT is locked (clone)' and 'can't lock file … got timeout' are retried with backoff; the run succeeds", async () => {
  const e = estate();
  try {
    const { r, calls } = await withFaults(e, [
      { match: ['pct', 'clone'], nth: 1, times: 1, code: 255, stderr: 'CT is locked (clone)' },
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
    assert.match(again.r.stdout, /Resuming run .*: create 950 951/);
    const sent = argvs(mutating(again.calls));
    assert.ok(!sent.some((c) => /^pct (create|clone)/.test(c)), sent.join('\n'));
    assert.ok(sent.includes('pct start 950'));
    const creates = argvs(mutating(e.audit())).filter((c) => /^pct (create|clone) /.test(c) || /^pct clone 900 /.test(c));
    assert.equal(creates.map((c) => c.split(' ')[c.startsWith('pct clone') ? 3 : 2]).sort(), ['900', '950', '951']);
  } finally { e.cleanup(); }
});

test.run();
