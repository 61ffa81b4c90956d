// Ctrl-C during a run: no new step starts, the running ones finish and are journalled, exit 1; a re-run converges.
// Ctrl-C twice, or SIGTERM: the running commands are ended (the runner's AbortSignal) and the process exits only
// after the run has returned: run_end written (interrupted), run lock and node lock released.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

function interruptible(): { e: ReturnType<typeof makeEstate>; start(): { wait: (re: RegExp) => Promise<void>; kill: (s: NodeJS.Signals) => void; done: Promise<{ code: number | null; out: string }> } } {
  const lxc = sampleLxc();
  delete lxc.lxc_configs['950']!.application_script;
  const e = makeEstate({ lxc, vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] } });
  return {
    e,
    start() {
      const child = spawn(process.execPath, [join(repoRoot(), 'dist/src/cli/main.js'), 'create', '950'], { cwd: e.dir, env: { ...process.env, CI: 'true', PVE_SIM_LATENCY_MS: '400' } });
      let out = '';
      child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
      const done = new Promise<{ code: number | null; out: string }>((r) => child.on('close', (code) => r({ code, out })));
      return {
        done,
        kill: (sig) => { child.kill(sig); },
        async wait(re) { for (let i = 0; i < 1200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50)); },
      };
    },
  };
}

interface End { event: string; interrupted?: boolean; stop_reason?: string; exit_code?: number }
const lastLine = (dir: string): End => {
  const runs = join(dir, '.phoenix', 'runs');
  const text = readFileSync(join(runs, readdirSync(runs).filter((n) => n.endsWith('.jsonl'))[0]!), 'utf8').trim().split('\n');
  return JSON.parse(text[text.length - 1]!) as End;
};

test('Ctrl-C twice: the running commands are ended, then the run returns: run_end interrupted, locks released, exit 1', async () => {
  const { e, start } = interruptible();
  try {
    const run = start();
    for (let i = 0; i < 600 && !e.audit().some((c) => c.mutating); i++) await new Promise((r) => setTimeout(r, 50));
    run.kill('SIGINT');
    await run.wait(/Interrupted: no new steps are started/);
    run.kill('SIGINT');
    const { code, out } = await run.done;
    assert.is(code, 1, out);
    assert.match(out, /Interrupted: Ctrl-C again; ending the running commands/);
    assert.not.match(out, /quitting now/);
    assert.equal(lastLine(e.dir), { ...lastLine(e.dir), event: 'run_end', interrupted: true, stop_reason: 'SIGINT', exit_code: 1 });
    assert.not.ok(existsSync(join(e.dir, '.phoenix', 'run.lock')), 'run lock released');
    const again = await e.during(() => e.run('create', '950'));
    assert.is(again.r.code, 0, again.r.stdout + again.r.stderr);
    assert.not.match(again.r.stdout, /Waiting for node/, 'the node lock was released with the run');
    assert.ok(!argvs(mutating(again.calls)).some((c) => c.startsWith('pct create 900')), 'never created twice');
  } finally {
    e.cleanup();
  }
});

test('SIGTERM ends the running commands at once (no grace period): run_end interrupted by SIGTERM, lock released, exit 1', async () => {
  const { e, start } = interruptible();
  try {
    const run = start();
    for (let i = 0; i < 600 && !e.audit().some((c) => c.mutating); i++) await new Promise((r) => setTimeout(r, 50));
    run.kill('SIGTERM');
    const { code, out } = await run.done;
    assert.is(code, 1, out);
    assert.match(out, /Interrupted: SIGTERM; ending the running commands/);
    assert.not.match(out, /waiting up to 60s/);
    assert.equal(lastLine(e.dir), { ...lastLine(e.dir), event: 'run_end', interrupted: true, stop_reason: 'SIGTERM', exit_code: 1 });
    assert.not.ok(existsSync(join(e.dir, '.phoenix', 'run.lock')));
  } finally {
    e.cleanup();
  }
});

test.run();
