// Ctrl-C during a run: no new step starts, the running ones finish and are journalled, exit 1; a re-run converges.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argvs, makeEstate, mutating } from '../helpers/estate.js';
import { repoRoot, sampleLxc } from '../helpers/fixtures.js';

test('SIGINT stops dispatching, lets the running step finish, records it; the re-run creates nothing twice', async () => {
  const lxc = sampleLxc();
  delete lxc.lxc_configs['950']!.application_script;
  const e = makeEstate({ lxc, vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] } });
  try {
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/src/cli/main.js'), 'create', '950'], { cwd: e.dir, env: { ...process.env, CI: 'true', PVE_SIM_LATENCY_MS: '400' } });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    for (let i = 0; i < 600 && !e.audit().some((c) => c.mutating); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.is(code, 1, out);
    assert.match(out, /Interrupted: no new steps are started/);
    assert.match(out, /not run: interrupted/);
    const runs = join(e.dir, '.phoenix', 'runs');
    const journal = readFileSync(join(runs, readdirSync(runs)[0]!), 'utf8');
    assert.match(journal, /"event":"task_end"[^\n]*"step":"900:lxc\.create"[^\n]*"status":"changed"/, `the running step finished and was recorded:\n${journal.split("\n").filter((l) => /task_end|command/.test(l)).slice(-6).join("\n")}`);
    assert.match(journal, /"event":"run_end"/);
    const again = await e.during(() => e.run('create', '950'));
    assert.is(again.r.code, 0, again.r.stdout);
    assert.ok(!argvs(mutating(again.calls)).some((c) => c.startsWith('pct create 900')), 'never created twice');
  } finally {
    e.cleanup();
  }
});

test.run();
