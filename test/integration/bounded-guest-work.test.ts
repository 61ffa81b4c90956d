// Bounded in-guest work against the simulator (its `pct exec` really runs the command in the CT's root directory):
// an application script that would sleep for a day ends at its configured bound, the step fails saying so, no
// process of it is left, the run lock is released and the next run may start it again; a second copy is refused
// while one still runs, naming it; an abort ends the running copy's process tree and the step says interrupted.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Interrupted } from '../../src/errors.js';
import { createLocalConnection } from '../../src/runner/connections/local.js';
import { sendCommand } from '../../src/runner/send-command.js';
import { boundedExec, INTERRUPT } from '../../src/tasks/bounded-exec.js';
import { ct, makeEstate, type Estate } from '../helpers/estate.js';
import { repoRoot } from '../helpers/fixtures.js';
import { simBinDir, simNodeEnv } from '../helpers/sim.js';

// a sleep no other test starts, so /proc tells whether this one is still running
const SLEEP_S = String(100_000 + (process.pid % 50_000));
const SLEEPER = `#!/bin/sh\necho started\nsleep ${SLEEP_S} &\nwait\n`;

/** Pids of processes running `sleep <SLEEP_S>` (anywhere on this machine: the simulator shares its pid namespace). */
function sleepers(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv[0]?.endsWith('sleep') && argv[1] === SLEEP_S) out.push(Number(d));
    } catch { /* gone */ }
  }
  return out;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await pause(50);
  assert.ok(ok(), what);
}

function estate(timeouts: Record<string, number>): Estate {
  const e = makeEstate({
    lxc: { script_timeouts: timeouts, lxc_configs: { '950': ct('950', { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', application_script: 'slow.sh' }) } },
    vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] },
    scripts: { apps: ['slow.sh'] },
  });
  writeFileSync(join(e.scriptsDir, 'apps', 'slow.sh'), SLEEPER, { mode: 0o755 });
  return e;
}

test('an application script that sleeps for a day, bound 2 s: the step fails "timed out after 2s", nothing is left, the next run starts it again', async () => {
  const e = estate({ application_script: 2 });
  try {
    const r = await e.run('create', '950');
    assert.is(r.code, 1, r.stdout);
    assert.match(r.stdout, /950 lxc\.app \[FAILED: application script slow\.sh in CT 950 .*timed out after 2s; its processes in the guest were ended\]/);
    assert.equal(sleepers(), [], 'the script\'s process tree was ended');
    assert.not.ok(existsSync(join(e.dir, '.phoenix', 'run.lock')), 'the run lock was released');
    assert.not.match(e.conf('950'), /phx-a-/, 'no record of an application script that did not finish');
    // one attempt: a timed-out script is not started again within the run
    const journal = readdirSync(join(e.dir, '.phoenix', 'runs')).map((f) => readFileSync(join(e.dir, '.phoenix', 'runs', f), 'utf8')).join('');
    assert.is(journal.split('\n').filter((l) => l.includes('"event":"command"') && l.includes('phoenix-run')).length, 1);
    // the in-guest lock went with it: the next run is not refused, it runs (and times out) again
    const again = await e.run('create', '950');
    assert.is(again.code, 1);
    assert.match(again.stdout, /timed out after 2s/);
    assert.not.match(again.stdout, /still runs in this guest/);
    assert.equal(sleepers(), []);
  } finally {
    e.cleanup();
  }
});

test('a second copy while one still runs in the guest is refused, naming it; an abort ends the running copy\'s tree: interrupted', async () => {
  const e = estate({ application_script: 600 });
  // the CT, without waiting for the application script: it is started by hand below
  writeFileSync(join(e.scriptsDir, 'apps', 'slow.sh'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  try {
    assert.is((await e.run('create', '950')).code, 0);
    const conn = createLocalConnection('pve', simNodeEnv(e.stateDir), { path: [simBinDir], cwd: e.dir });
    // put the sleeper into the guest (a plain cp into its root directory: the push itself is tested elsewhere)
    const root = join(e.stateDir, 'volumes', ...(/^rootfs: ([^:,]+):([^,\s]+)/m.exec(e.conf('950'))!.slice(1, 3)));
    writeFileSync(join(root, 'slow.sh'), SLEEPER, { mode: 0o755 });
    const run = (label: string, signal?: AbortSignal) => sendCommand(conn, boundedExec('lxc', '950', ['/slow.sh'], { label, timeoutS: 600, what: `${label} in CT 950` }), signal ? { signal } : {});

    const ac = new AbortController();
    const first = run('application script slow.sh', ac.signal).then(() => undefined, (err: unknown) => err);
    await until('the first copy runs', () => sleepers().length === 1);

    const second = await run('application script slow.sh').then(() => undefined, (err: unknown) => err as Error);
    assert.match(second?.message ?? '', /not started: application script slow\.sh \(pid \d+\) still runs in this guest/);
    assert.is(sleepers().length, 1, 'never two copies at once');

    ac.abort();
    const ended = await first;
    assert.instance(ended, Interrupted);
    assert.match((ended as Error).message, /^interrupted: application script slow\.sh in CT 950 was ended with its processes in the guest/);
    await until('the interrupt ended the script\'s process tree', () => sleepers().length === 0);

    // the lock is free again
    writeFileSync(join(root, 'slow.sh'), '#!/bin/sh\necho again\n', { mode: 0o755 });
    assert.is(await run('application script slow.sh'), 'again\n');
    // an interrupt for a label that is not running does nothing
    const idle = await conn.exec(['pct', 'exec', '950', '--', '/bin/sh', '-c', INTERRUPT, 'phoenix-interrupt', 'feature x']);
    assert.is(idle.code, 0);
  } finally {
    for (const pid of sleepers()) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    e.cleanup();
  }
});

test('Ctrl-C twice during an application script: the script\'s tree in the guest is ended, the step says interrupted; the re-run runs one copy', async () => {
  const e = estate({ application_script: 600 });
  try {
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/src/cli/main.js'), 'create', '950'], { cwd: e.dir, env: { ...process.env, CI: 'true' } });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    const closed = new Promise<number | null>((r) => child.on('close', r));
    await until('the application script runs in the guest', () => sleepers().length === 1);
    child.kill('SIGINT');
    await pause(300);
    child.kill('SIGINT');
    const code = await closed;
    assert.is(code, 1, out);
    assert.match(out, /950 lxc\.app \[FAILED: interrupted: application script slow\.sh in CT 950 (?:\(2 attempts\) )?was ended with its processes in the guest/, out);
    assert.equal(sleepers(), [], 'nothing of the script is left in the guest');
    // the re-run starts the script again: one copy, not refused, not beside a leftover
    writeFileSync(join(e.scriptsDir, 'apps', 'slow.sh'), '#!/bin/sh\necho quick\n', { mode: 0o755 });
    const again = await e.run('create', '950');
    assert.is(again.code, 0, again.stdout);
    assert.match(e.conf('950'), /phx-a-[0-9a-f]{8}-950/);
  } finally {
    for (const pid of sleepers()) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    e.cleanup();
  }
});

test.run();
